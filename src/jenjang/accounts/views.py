from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jenjang.core import access
from jenjang.core.errors import JenjangError
from jenjang.personnel.models import Employee

from . import services
from .forms import LoginForm, UserForm
from .models import User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _users(request: HttpRequest):  # type: ignore[no-untyped-def]
    access.require(access.can_administer(request.user))
    return access.agency_scope(request.user, User.objects.all()).select_related("employee", "agency")


def _employee_by_nip(request: HttpRequest, nip: str, form: UserForm) -> tuple[bool, Employee | None]:
    if not nip:
        return True, None
    employee = access.employees_visible_to(request.user).filter(nip=nip.strip()).first()
    if employee is None:
        form.add_error("employee_nip", _("Tidak ada pegawai dengan NIP ini di instansi Anda."))
        return False, None
    return True, employee


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    users = _users(request).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(username__icontains=q) | users.filter(employee__nip__startswith=q)
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page_obj": page, "now": timezone.now()})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    _users(request)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, employee = _employee_by_nip(request, form.cleaned_data["employee_nip"], form)
        if ok:
            agency_id = request.user.agency_id  # type: ignore[union-attr]
            try:
                user, password = services.user_create(
                    actor=request.user,
                    agency_id=agency_id,
                    username=form.cleaned_data["username"],
                    role=form.cleaned_data["role"],
                    employee=employee,
                    first_name=form.cleaned_data["first_name"],
                    email=form.cleaned_data["email"],
                )
            except JenjangError as error:
                form.add_error(None, str(error.message))
            else:
                return render(request, "accounts/user_password.html", {"target": user, "password": password})
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.scoped_get(request.user, _users(request), pk)
    initial = {
        "username": target.username,
        "first_name": target.first_name,
        "email": target.email,
        "role": target.role,
        "employee_nip": target.employee.nip if target.employee else "",
        "is_active": target.is_active,
    }
    form = UserForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        ok, employee = _employee_by_nip(request, form.cleaned_data["employee_nip"], form)
        if ok:
            try:
                services.user_update(
                    actor=request.user,
                    user=target,
                    role=form.cleaned_data["role"],
                    employee=employee,
                    is_active=form.cleaned_data["is_active"],
                    first_name=form.cleaned_data["first_name"],
                    email=form.cleaned_data["email"],
                )
            except JenjangError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Akun %(u)s disimpan.") % {"u": target.username})
                return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": target, "creating": False})


@login_required
@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.scoped_get(request.user, _users(request), pk)
    services.user_unlock(actor=request.user, user=target)
    messages.success(request, _("Akun %(u)s dibuka kembali.") % {"u": target.username})
    return redirect("accounts:user_list")


@login_required
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = access.scoped_get(request.user, _users(request), pk)
    password = services.user_reset_password(actor=request.user, user=target)
    return render(request, "accounts/user_password.html", {"target": target, "password": password})
