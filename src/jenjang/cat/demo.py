"""The CAT's part of `jenjang demo`: a small SKD item bank (synthetic items in Bahasa Indonesia), one finished
exam session with scores (for the finished selection) and one upcoming session.

Session references: the finished session is `demo.cat:finished`, the upcoming one `demo.cat:upcoming`; the
selection app's demo may enroll its own applicants in them or create its own through `services.session_create`.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from jenjang.accounts.models import Role, User

from . import services
from .models import Answer, Attempt, Blueprint, Category, ExamSession, IntegrityEvent, Item, ItemBank, Scoring

DEMO_PASSWORD_USERS = ("pelamar1", "pelamar2", "pelamar3", "pelamar4", "pelamar5", "pelamar6")
CANDIDATE_NAMES = (
    ("Baiq", "Nurul Aini"),
    ("Lalu", "Muhammad Rizki"),
    ("Ni Made", "Sri Wahyuni"),
    ("Ahmad", "Fauzan Hakim"),
    ("Dewi", "Kartika Sari"),
    ("Muhammad", "Iqbal Ramadhan"),
)

# (stem, options, key index) — TWK and TIU: one right answer
TWK = (
    ("Dasar negara Republik Indonesia ditetapkan pada tanggal ...",
     ["17 Agustus 1945", "18 Agustus 1945", "1 Juni 1945", "22 Juni 1945", "29 Mei 1945"], 1),
    ("Semboyan Bhinneka Tunggal Ika berasal dari kitab ...",
     ["Negarakertagama", "Pararaton", "Sutasoma", "Arjunawiwaha", "Bharatayudha"], 2),
    ("Lembaga yang berwenang mengubah dan menetapkan UUD adalah ...",
     ["DPR", "Presiden", "MPR", "Mahkamah Konstitusi", "DPD"], 2),
    ("Sila yang menjadi dasar musyawarah untuk mufakat adalah sila ...",
     ["pertama", "kedua", "ketiga", "keempat", "kelima"], 3),
    ("Sumpah Pemuda diikrarkan pada tahun ...", ["1908", "1928", "1945", "1918", "1938"], 1),
    ("Hak menguji undang-undang terhadap UUD 1945 ada pada ...",
     ["Mahkamah Agung", "Komisi Yudisial", "Mahkamah Konstitusi", "DPR", "BPK"], 2),
    ("Nilai dasar ASN \"BerAKHLAK\" huruf K yang pertama berarti ...",
     ["Kompeten", "Kolaboratif", "Kreatif", "Konsisten", "Komunikatif"], 0),
    ("Wawasan Nusantara memandang wilayah Indonesia sebagai ...",
     ["kumpulan pulau", "satu kesatuan politik, ekonomi, sosial budaya, dan pertahanan", "wilayah maritim saja",
      "bagian dari ASEAN", "negara serikat"], 1),
    ("Bela negara merupakan hak dan kewajiban setiap ...",
     ["anggota TNI", "ASN", "warga negara", "pejabat negara", "anggota Polri"], 2),
    ("Otonomi daerah dilaksanakan berdasarkan asas ...",
     ["sentralisasi", "desentralisasi", "konsentrasi", "sektoral", "federalisme"], 1),
)  # fmt: skip
TIU = (
    ("Deret: 2, 6, 12, 20, 30, ... Bilangan berikutnya adalah ...", ["40", "42", "44", "36", "48"], 1),
    ("Jika semua pegawai disiplin dan Rina pegawai, maka ...",
     ["Rina mungkin disiplin", "Rina disiplin", "Rina tidak disiplin", "tidak dapat disimpulkan",
      "sebagian pegawai tidak disiplin"], 1),
    ("25% dari 480 adalah ...", ["100", "120", "140", "96", "125"], 1),
    ("SEMBUNYI berlawanan makna dengan ...", ["lari", "tampak", "diam", "gelap", "hilang"], 1),
    ("Sebuah mobil menempuh 180 km dalam 3 jam. Kecepatan rata-ratanya ... km/jam.",
     ["50", "55", "60", "65", "70"], 2),
    ("PADI : PETANI = ... : ...",
     ["ikan : nelayan", "kapal : laut", "guru : murid", "pena : kertas", "sawah : cangkul"], 0),
    ("Deret: 3, 9, 27, 81, ... Bilangan berikutnya adalah ...", ["162", "243", "324", "108", "180"], 1),
    ("Harga 4 buku Rp24.000. Harga 7 buku yang sama adalah ...",
     ["Rp40.000", "Rp42.000", "Rp44.000", "Rp36.000", "Rp48.000"], 1),
    ("Semua A adalah B; sebagian B adalah C. Kesimpulan yang pasti benar ...",
     ["semua A adalah C", "sebagian A adalah C", "tidak ada kesimpulan yang pasti tentang A dan C",
      "semua C adalah A", "tidak ada A yang C"], 2),
    ("Sinonim kata EFISIEN adalah ...", ["boros", "tepat guna", "lambat", "rumit", "mahal"], 1),
)  # fmt: skip
# TKP: points per option (1..5)
TKP = (
    ("Atasan memberi tugas mendesak menjelang jam pulang. Sikap Anda ...",
     ["Menolak karena jam kerja habis", "Mengerjakan besok pagi", "Meminta rekan mengerjakannya",
      "Mengerjakan sebagian lalu pulang", "Menyelesaikannya dan melapor kepada atasan"], [1, 2, 3, 4, 5]),
    ("Warga mengeluh pelayanan lambat di loket Anda. Anda ...",
     ["Mengabaikan karena antrean panjang", "Menjelaskan prosedur dan memperbaiki alur layanan",
      "Meminta warga datang lagi besok", "Menyalahkan sistem", "Memanggil satpam"], [1, 5, 2, 3, 1]),
    ("Rekan kerja meminta Anda mencatat kehadirannya padahal ia tidak masuk. Anda ...",
     ["Menuruti karena teman", "Menolak dan mengingatkan aturan disiplin", "Diam saja",
      "Menuruti sekali ini saja", "Melapor tanpa bicara dengannya"], [1, 5, 2, 1, 3]),
    ("Ada aplikasi baru yang mempercepat pekerjaan unit Anda. Anda ...",
     ["Menunggu diperintah", "Mempelajarinya dan mengusulkan penerapannya", "Menganggapnya merepotkan",
      "Menyerahkan kepada staf TI", "Mencobanya sendiri tanpa berbagi"], [2, 5, 1, 3, 4]),
    ("Tim Anda berbeda pendapat tentang cara menyelesaikan tugas. Anda ...",
     ["Memaksakan pendapat sendiri", "Mengajak diskusi untuk mencari solusi terbaik bersama",
      "Menyerahkan kepada atasan", "Mengikuti suara terbanyak tanpa diskusi", "Tidak ikut campur"],
     [1, 5, 3, 4, 2]),
    ("Anda ditawari hadiah oleh pemohon layanan setelah urusannya selesai. Anda ...",
     ["Menerima karena layanan sudah selesai", "Menolak dengan sopan dan menjelaskan larangan gratifikasi",
      "Menerima lalu membagikannya ke rekan", "Menerima jika nilainya kecil", "Meminta dikirim ke rumah"],
     [1, 5, 2, 2, 1]),
    ("Anda ditempatkan di daerah terpencil. Sikap Anda ...",
     ["Segera mengajukan pindah", "Menerima dan beradaptasi untuk melayani masyarakat setempat",
      "Bekerja seadanya", "Menolak penempatan", "Menerima sambil mencari celah pindah"], [2, 5, 3, 1, 4]),
    ("Target kinerja unit Anda sulit tercapai. Anda ...",
     ["Menyerah", "Menyusun rencana kerja dan berkoordinasi dengan tim", "Menunggu arahan",
      "Menurunkan target sendiri", "Menyalahkan anggaran"], [1, 5, 3, 2, 1]),
    ("Anda menemukan kesalahan dalam laporan yang sudah Anda kirim. Anda ...",
     ["Membiarkannya", "Segera memperbaiki dan memberi tahu penerima laporan", "Menunggu ada yang menegur",
      "Menyalahkan rekan", "Memperbaiki diam-diam"], [1, 5, 2, 1, 4]),
    ("Pimpinan meminta Anda mempelajari bidang yang asing bagi Anda. Anda ...",
     ["Menolak karena bukan bidang saya", "Mempelajarinya dengan sungguh-sungguh dan bertanya kepada ahli",
      "Mempelajari seperlunya", "Meminta orang lain menggantikan", "Mengeluh kepada rekan"], [1, 5, 3, 2, 1]),
)  # fmt: skip


def clear(agency_ids: list[int]) -> None:
    IntegrityEvent.objects.filter(attempt__participant__session__agency_id__in=agency_ids).delete()
    Answer.objects.filter(attempt__participant__session__agency_id__in=agency_ids).delete()
    ExamSession.objects.filter(agency_id__in=agency_ids).delete()
    Blueprint.objects.filter(bank__agency_id__in=agency_ids).delete()
    Item.objects.filter(bank__agency_id__in=agency_ids).delete()
    ItemBank.objects.filter(agency_id__in=agency_ids).delete()
    User.objects.filter(username__in=DEMO_PASSWORD_USERS, role=Role.CANDIDATE).delete()


def _bank(agency: Any) -> ItemBank:
    bank = ItemBank.objects.create(agency=agency, name="Bank Soal SKD Seleksi Terbuka")
    cats = {
        "TWK": Category.objects.create(bank=bank, code="TWK", name="Tes Wawasan Kebangsaan",
                                       scoring=Scoring.RIGHT_WRONG, skd_subtest="twk"),
        "TIU": Category.objects.create(bank=bank, code="TIU", name="Tes Intelegensia Umum",
                                       scoring=Scoring.RIGHT_WRONG, skd_subtest="tiu"),
        "TKP": Category.objects.create(bank=bank, code="TKP", name="Tes Karakteristik Pribadi",
                                       scoring=Scoring.POINTS, skd_subtest="tkp"),
    }  # fmt: skip
    items = []
    for code, rows in (("TWK", TWK), ("TIU", TIU)):
        for n, (stem, options, key) in enumerate(rows, start=1):
            items.append(Item(bank=bank, category=cats[code], code=f"{code}-{n:03d}", stem=stem, options=options,
                              correct_index=key, difficulty=1 + n % 3))  # fmt: skip
    for n, (stem, options, points) in enumerate(TKP, start=1):
        items.append(Item(bank=bank, category=cats["TKP"], code=f"TKP-{n:03d}", stem=stem, options=options,
                          option_points=points, difficulty=1 + n % 3))  # fmt: skip
    Item.objects.bulk_create(items)
    return bank


def load(*, agencies: dict[str, Any], today: dt.date, seed: int) -> None:
    agency = agencies.get("IPDN-NTB")
    if agency is None:
        return
    rng = random.Random(seed + 6)
    bank = _bank(agency)
    admin = User.objects.filter(agency=agency, role=Role.ADMIN).first()
    staff = User.objects.filter(agency=agency, role=Role.PERSONNEL).first()
    if staff is not None:
        bank.managers.add(staff)  # kepegawaian manages the bank; the admin does by role
    blueprint = Blueprint.objects.create(
        bank=bank,
        name="SKD ringkas (5 TWK, 5 TIU, 5 TKP)",
        skd=True,
        rules=[{"category": c, "difficulty": None, "count": 5} for c in ("TWK", "TIU", "TKP")],
    )
    from django.contrib.auth.hashers import make_password

    password = make_password("jenjang-demo-2026")  # one hash for every demo candidate: hashing is deliberately slow
    candidates = [
        User(username=username, first_name=first, last_name=last, role=Role.CANDIDATE,
             email=f"{username}@contoh.id", password=password)
        for username, (first, last) in zip(DEMO_PASSWORD_USERS, CANDIDATE_NAMES, strict=True)
    ]  # fmt: skip
    User.objects.bulk_create(candidates)
    employee = User.objects.filter(username="pegawai").first()
    now = timezone.now()
    local_noon = timezone.make_aware(dt.datetime.combine(today, dt.time(9, 0)))
    # The finished session: a week ago, everyone took it; scores by the cat-skd rule.
    start = local_noon - dt.timedelta(days=7)
    finished = services.session_create(
        agency=agency, title="SKD Seleksi Terbuka Analis SDM Aparatur (selesai)", blueprint=blueprint,
        starts_at=start, ends_at=start + dt.timedelta(hours=3), duration_minutes=30, reference="demo.cat:finished",
        actor=admin,
    )  # fmt: skip
    # The session is in the past: take the exam "as of" its window by backdating the attempts after scoring.
    ExamSession.objects.filter(pk=finished.pk).update(starts_at=now - dt.timedelta(minutes=5),
                                                       ends_at=now + dt.timedelta(hours=3))  # fmt: skip
    finished.refresh_from_db()
    participants = services.enroll(finished, candidates[:5], actor=admin)
    strength = (0.95, 0.85, 0.7, 0.55, 0.4)
    for participant, skill in zip(participants, strength, strict=True):
        attempt = services.attempt_open(participant, browser="demo")
        items = Item.objects.in_bulk([f["item"] for f in attempt.form])
        rows = []
        for position, entry in enumerate(attempt.form):
            item = items[entry["item"]]
            if item.option_points:
                best = max(range(len(item.options)), key=lambda i, it=item: it.option_points[i])
            else:
                best = item.correct_index
            original = best if rng.random() < skill else rng.randrange(len(item.options))
            rows.append(Answer(attempt=attempt, position=position, choice=entry["order"].index(original),
                               answered_at=now))  # fmt: skip
        Answer.objects.bulk_create(rows)
        services.attempt_finish(attempt.pk, reason="SUBMITTED")
    taken = start + dt.timedelta(minutes=10)
    ExamSession.objects.filter(pk=finished.pk).update(starts_at=start, ends_at=start + dt.timedelta(hours=3))
    Attempt.objects.filter(participant__session=finished).update(
        started_at=taken, deadline=taken + dt.timedelta(minutes=30), finished_at=taken + dt.timedelta(minutes=25)
    )
    Answer.objects.filter(attempt__participant__session=finished).update(answered_at=taken + dt.timedelta(minutes=5))
    IntegrityEvent.objects.filter(attempt__participant__session=finished).update(at=taken)
    # The upcoming session: open from today 08:00 for a week, so the demo's candidates can take it now.
    open_from = timezone.make_aware(dt.datetime.combine(today, dt.time(0, 0)))
    upcoming = services.session_create(
        agency=agency, title="SKD Seleksi Terbuka Pranata Komputer", blueprint=blueprint,
        starts_at=open_from, ends_at=open_from + dt.timedelta(days=7), duration_minutes=20,
        reference="demo.cat:upcoming", actor=admin,
    )  # fmt: skip
    enrolled = [u for u in (*candidates[3:], employee) if u is not None]
    services.enroll(upcoming, enrolled, actor=admin)
