"""The national competency dictionary: the eight managerial competencies and national cohesion (socio-cultural),
each with its five level headlines (PermenPANRB 38/2017, Lampiran; regulations.md §7). Codes are the `jpm` rule's
competency keys. Loaded by migration 0002 and by `load_national_dictionary` (idempotent)."""

from __future__ import annotations

from typing import Any

SOURCE = "PermenPANRB 38/2017 (standar kompetensi jabatan ASN), Lampiran"

# code, kind, (name id, name en), (definition id, definition en), five (id, en) level headlines.
NATIONAL: tuple[tuple[str, str, tuple[str, str], tuple[str, str], tuple[tuple[str, str], ...]], ...] = (
    (
        "integrity",
        "MANAGERIAL",
        ("Integritas", "Integrity"),
        (
            "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, jujur dalam hubungan dengan "
            "manajemen, rekan kerja, bawahan langsung, dan pemangku kepentingan.",
            "Consistently acts in line with the organisation's values, norms and ethics, and is honest with "
            "management, peers, direct reports and stakeholders.",
        ),
        (
            (
                "Mampu bertindak sesuai nilai, norma, etika organisasi dalam kapasitas pribadi",
                "Acts ethically, in line with the organisation's values, as an individual",
            ),
            (
                "Mampu mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi",
                "Reminds and invites peers to act in line with the organisation's values and ethics",
            ),
            (
                "Mampu memastikan, menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, "
                "norma, dan etika organisasi",
                "Ensures the team they lead complies with the values and ethics",
            ),
            (
                "Mampu menciptakan situasi kerja yang membuat rekan kerja patuh pada nilai, norma, "
                "dan etika organisasi",
                "Creates a working climate of compliance with the values and ethics",
            ),
            (
                "Mampu menjadi role model dan agen perubahan dalam penerapan standar etika di tingkat nasional",
                "A national role model and change agent for ethical standards",
            ),
        ),
    ),
    (
        "teamwork",
        "MANAGERIAL",
        ("Kerja sama", "Teamwork"),
        (
            "Kemampuan menjalin, membina, mempertahankan hubungan kerja yang efektif, memiliki komitmen saling "
            "membantu dalam penyelesaian tugas, dan mengoptimalkan segala sumber daya untuk tujuan strategis.",
            "Builds and keeps effective working relationships, helps others complete tasks, and uses every "
            "resource for strategic goals.",
        ),
        (
            ("Berpartisipasi sebagai anggota tim yang baik", "Participates as a good team member"),
            ("Menumbuhkan tim kerja yang partisipatif dan efektif", "Grows a participative, effective team"),
            (
                "Efektif membangun tim kerja untuk peningkatan kinerja organisasi",
                "Builds teams that raise the organisation's performance",
            ),
            ("Membangun komitmen tim, sinergi antarunit kerja", "Builds team commitment and synergy across units"),
            (
                "Menciptakan situasi kerja sama secara konsisten, baik di dalam maupun di luar instansi",
                "Creates cooperation consistently inside and outside the agency",
            ),
        ),
    ),
    (
        "communication",
        "MANAGERIAL",
        ("Komunikasi", "Communication"),
        (
            "Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis, dan meyakinkan, serta "
            "mendengarkan secara aktif.",
            "Explains views and ideas clearly, systematically and persuasively, and listens actively.",
        ),
        (
            ("Menyampaikan informasi dengan jelas, lengkap, pemahaman yang sama", "Gives clear, complete information"),
            (
                "Aktif menjalankan komunikasi secara formal dan informal",
                "Communicates actively, formally and informally",
            ),
            (
                "Berkomunikasi secara asertif; mampu menyampaikan informasi yang kompleks",
                "Communicates assertively; handles complex messages",
            ),
            (
                "Mampu mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan",
                "Puts multidimensional thinking persuasively, to build agreement",
            ),
            (
                "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi",
                "Designs an open, strategic communication system to find solutions",
            ),
        ),
    ),
    (
        "results_orientation",
        "MANAGERIAL",
        ("Orientasi pada hasil", "Results orientation"),
        (
            "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan, "
            "bertanggung jawab, dan mampu meningkatkan hasil kerja.",
            "Keeps a high personal commitment to finishing tasks, is reliable and accountable, and improves results.",
        ),
        (
            ("Bertanggung jawab untuk memenuhi standar kerja", "Meets the work standards"),
            ("Berupaya meningkatkan hasil kerja pribadi yang lebih tinggi dari standar", "Exceeds their own standard"),
            ("Menetapkan target kerja yang menantang bagi unit kerja", "Sets challenging targets for the unit"),
            (
                "Mendorong unit kerja mencapai target yang melebihi hasil kerja sebelumnya",
                "Drives units beyond their previous results",
            ),
            (
                "Meningkatkan mutu pencapaian kerja organisasi secara nasional",
                "Raises the organisation's outcomes nationally",
            ),
        ),
    ),
    (
        "public_service",
        "MANAGERIAL",
        ("Pelayanan publik", "Public service"),
        (
            "Kemampuan melaksanakan tugas pemerintahan, pembangunan dan kegiatan pemenuhan kebutuhan pelayanan "
            "publik secara profesional, transparan, mengikuti standar pelayanan yang objektif, netral, tidak "
            "memihak, dan adil.",
            "Delivers public services professionally and transparently, to objective, neutral and fair standards.",
        ),
        (
            ("Menjalankan pelayanan sesuai standar", "Follows the service standards"),
            (
                "Mampu mensupervisi/mengawasi pelaksanaan pelayanan secara transparan",
                "Supervises service delivery transparently",
            ),
            (
                "Memanfaatkan dinamika kelompok untuk meningkatkan standar pelayanan unit",
                "Uses group dynamics to raise the unit's service standard",
            ),
            (
                "Mengantisipasi isu jangka panjang dan politis dalam pelayanan publik",
                "Anticipates long-term and political issues in public service",
            ),
            (
                "Menyusun kebijakan yang menjamin pelayanan publik yang netral dan tidak memihak",
                "Makes policies that guarantee neutral, impartial public service",
            ),
        ),
    ),
    (
        "developing_others",
        "MANAGERIAL",
        ("Pengembangan diri dan orang lain", "Developing self and others"),
        (
            "Kemampuan meningkatkan pengetahuan dan menyempurnakan keterampilan diri, serta menginspirasi orang "
            "lain untuk mengembangkan dan menyempurnakan pengetahuan dan keterampilannya.",
            "Grows their own knowledge and skills and inspires others to grow theirs.",
        ),
        (
            ("Pengembangan diri", "Develops themselves"),
            (
                "Meningkatkan kemampuan bawahan dengan memberikan contoh dan penjelasan",
                "Teaches by example and explanation",
            ),
            ("Memberikan umpan balik, membimbing", "Gives feedback and mentors"),
            (
                "Menyusun program pengembangan jangka panjang dalam rangka mendorong manajemen pembelajaran",
                "Designs long-term development programmes",
            ),
            (
                "Menciptakan situasi yang mendorong organisasi untuk mengembangkan kemampuan belajar secara "
                "berkelanjutan",
                "Builds a learning organisation",
            ),
        ),
    ),
    (
        "managing_change",
        "MANAGERIAL",
        ("Mengelola perubahan", "Managing change"),
        (
            "Kemampuan dalam menyesuaikan diri dengan situasi yang baru atau berubah dan tidak bergantung secara "
            "berlebihan pada metode dan proses lama, mengambil tindakan untuk mendukung dan melaksanakan "
            "insiatif perubahan, memimpin usaha perubahan.",
            "Adapts to new or changing situations, supports and carries out change initiatives, and leads change.",
        ),
        (
            ("Mengikuti perubahan dengan arahan", "Follows change with direction"),
            ("Proaktif beradaptasi mengikuti perubahan", "Adapts proactively to change"),
            (
                "Membantu orang lain mengikuti perubahan, mengantisipasi perubahan secara tepat",
                "Helps others through change and anticipates it",
            ),
            ("Memimpin perubahan pada unit kerja", "Leads change in the unit"),
            ("Menggerakkan perubahan pada tingkat instansi/nasional", "Drives change at agency or national level"),
        ),
    ),
    (
        "decision_making",
        "MANAGERIAL",
        ("Pengambilan keputusan", "Decision making"),
        (
            "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah "
            "mempertimbangkan prinsip kehati-hatian, dirumuskan secara sistematis dan seksama berdasarkan berbagai "
            "informasi, alternatif pemecahan masalah dan konsekuensinya.",
            "Makes sound, timely decisions with confidence after weighing information, alternatives and "
            "consequences carefully and systematically.",
        ),
        (
            ("Mengumpulkan informasi untuk bertindak sesuai kewenangan", "Gathers information, acts within authority"),
            ("Menganalisis masalah secara mendalam", "Analyses problems in depth"),
            (
                "Membandingkan berbagai alternatif, menyeimbangkan risiko keberhasilan dalam implementasi",
                "Weighs alternatives and the risks of implementation",
            ),
            (
                "Menyelesaikan masalah yang mengandung risiko tinggi, mengantisipasi dampak keputusan, membuat "
                "tindakan pengamanan; mitigasi risiko",
                "Takes high-risk decisions with mitigation",
            ),
            (
                "Menghasilkan solusi dan mengambil keputusan untuk mengatasi permasalahan jangka panjang/strategis, "
                "berdampak nasional",
                "Takes strategic decisions with national impact",
            ),
        ),
    ),
    (
        "national_cohesion",
        "SOCIOCULTURAL",
        ("Perekat bangsa", "National cohesion"),
        (
            "Kemampuan dalam mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan individu/"
            "kelompok masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat dan "
            "membangun hubungan sosial psikologis dengan masyarakat di tengah kemajemukan Indonesia.",
            "Promotes tolerance and openness, is sensitive to differences between people and groups, and helps the "
            "government unite society and build social bonds across Indonesia's diversity.",
        ),
        (
            ("Peka memahami dan menerima kemajemukan", "Accepts and understands diversity"),
            (
                "Aktif mengembangkan sikap saling menghargai, menekankan persamaan dan persatuan",
                "Fosters mutual respect, stressing what unites",
            ),
            (
                "Mempromosikan, mengembangkan sikap toleransi dan persatuan; menjadi mediator",
                "Promotes tolerance and unity; mediates",
            ),
            (
                "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas organisasi",
                "Uses diversity constructively to make the organisation effective",
            ),
            ("Wakil pemerintah untuk membangun hubungan sosial psikologis", "Builds social bonds for the government"),
        ),
    ),
)


def dictionary_rows() -> list[dict[str, Any]]:
    """The nine national entries as plain dicts (for the migration and the loader)."""
    rows = []
    for order, (code, kind, name, definition, levels) in enumerate(NATIONAL, start=1):
        rows.append(
            {
                "code": code,
                "kind": kind,
                "order": order,
                "name_id": name[0],
                "name_en": name[1],
                "definition_id": definition[0],
                "definition_en": definition[1],
                "levels": [(i, text_id, text_en) for i, (text_id, text_en) in enumerate(levels, start=1)],
            }
        )
    return rows


def load_national_dictionary(competency_model: Any, level_model: Any) -> int:
    """Create the nine national entries and their levels where missing (idempotent); returns how many were new."""
    created = 0
    for row in dictionary_rows():
        competency, was_new = competency_model.objects.get_or_create(
            agency=None,
            code=row["code"],
            defaults={k: row[k] for k in ("kind", "order", "name_id", "name_en", "definition_id", "definition_en")},
        )
        created += int(was_new)
        existing = set(level_model.objects.filter(competency=competency).values_list("level", flat=True))
        level_model.objects.bulk_create(
            [
                level_model(competency=competency, level=level, description_id=text_id, description_en=text_en)
                for level, text_id, text_en in row["levels"]
                if level not in existing
            ]
        )
    return created
