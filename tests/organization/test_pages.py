import pytest
from django.urls import reverse

from tests.factories import EmployeeFactory, PositionFactory, UnitFactory


@pytest.fixture
def tree(agency):
    root = UnitFactory(agency=agency, code="DIR", name="Direktorat")
    child = UnitFactory(agency=agency, code="BAG", name="Bagian Umum", parent=root)
    grandchild = UnitFactory(agency=agency, code="SUB", name="Subbagian Kepegawaian", parent=child)
    return root, child, grandchild


@pytest.mark.django_db
def test_unit_paths_follow_the_tree(tree):
    root, child, grandchild = tree
    grandchild.refresh_from_db()
    assert grandchild.path == f"/{root.pk}/{child.pk}/{grandchild.pk}/"
    assert grandchild.depth == 2


@pytest.mark.django_db
def test_unit_tree_counts_staff_of_sub_units(login, make_user, agency, tree):
    _root, child, grandchild = tree
    EmployeeFactory.create_batch(2, agency=agency, unit=grandchild)
    EmployeeFactory(agency=agency, unit=child)
    client = login(make_user("PERSONNEL", agency))
    response = client.get(reverse("organization:unit_list"))
    assert response.status_code == 200
    rows = {row["unit"].code: (row["direct"], row["total"]) for row in response.context["rows"]}
    assert rows == {"DIR": (0, 3), "BAG": (1, 3), "SUB": (2, 2)}


@pytest.mark.django_db
def test_other_agency_units_and_positions_are_not_listed(login, make_user, agency, other_agency, tree):
    UnitFactory(agency=other_agency, code="RAHASIA", name="Unit Lain")
    PositionFactory(agency=other_agency, name="Jabatan Lain")
    PositionFactory(agency=agency, unit=tree[1], name="Analis SDM Aparatur Ahli Muda", level="JF_AHLI_MUDA")
    client = login(make_user("AUDITOR", agency))
    units = client.get(reverse("organization:unit_list")).content.decode()
    positions = client.get(reverse("organization:position_list")).content.decode()
    assert "Unit Lain" not in units and "Direktorat" in units
    assert "Jabatan Lain" not in positions and "Analis SDM Aparatur Ahli Muda" in positions


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["EMPLOYEE", "SUPERVISOR"])
def test_organisation_pages_are_for_agency_readers(login, make_user, agency, role):
    client = login(make_user(role, agency))
    assert client.get(reverse("organization:unit_list")).status_code == 403
    assert client.get(reverse("organization:position_list")).status_code == 403


@pytest.mark.django_db
def test_position_list_query_count_is_constant(login, make_user, agency, tree, django_assert_max_num_queries):
    client = login(make_user("LEADER", agency))
    PositionFactory.create_batch(3, agency=agency, unit=tree[0])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organization:position_list")).status_code == 200
    PositionFactory.create_batch(40, agency=agency, unit=tree[1])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("organization:position_list")).status_code == 200
