"""Outside candidates: registration with e-mail confirmation (a signed, expiring link), profile and documents."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jenjang.accounts.models import Role, User
from jenjang.core.audit import audit_record
from jenjang.core.errors import InvalidData
from jenjang.domain.vocab import EDUCATION

from .models import CandidateDocument, CandidateDocumentType, CandidateProfile

SALT = "jenjang.selection.confirm"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def confirmation_token(user: User) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


@transaction.atomic
def candidate_register(*, email: str, password: str, full_name: str, base_url: str) -> User:
    """An inactive CANDIDATE user and their profile; the confirmation link is e-mailed."""
    email = (email or "").strip().lower()
    full_name = (full_name or "").strip()
    if not email or "@" not in email:
        raise InvalidData(_("Isikan alamat surel yang benar."), field="email")
    if not full_name:
        raise InvalidData(_("Isikan nama lengkap."), field="full_name")
    if User.objects.filter(username__iexact=email).exists() or User.objects.filter(email__iexact=email).exists():
        raise InvalidData(_("Surel ini sudah terdaftar. Silakan masuk atau periksa kotak surel Anda."), field="email")
    user = User(
        username=email, email=email, role=Role.CANDIDATE, agency=None, is_active=False, first_name=full_name[:150]
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidData(" ".join(exc.messages), field="password") from None
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise InvalidData(
            _("Surel ini sudah terdaftar. Silakan masuk atau periksa kotak surel Anda."), field="email"
        ) from None
    CandidateProfile.objects.create(user=user, full_name=full_name)
    audit_record(actor=user, action="selection.candidate.registered", obj=user, changes={"email": [None, email]})
    link = base_url.rstrip("/") + reverse("selection:confirm", args=[confirmation_token(user)])
    transaction.on_commit(
        lambda: send_mail(
            _("Konfirmasi pendaftaran pelamar Jenjang"),
            _("Buka tautan ini untuk mengaktifkan akun pelamar Anda (berlaku 3 hari):\n\n%(link)s") % {"link": link},
            None,
            [email],
        )
    )
    return user


@transaction.atomic
def candidate_confirm(token: str) -> User:
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidData(_("Tautan konfirmasi sudah kedaluwarsa. Silakan daftar ulang.")) from None
    except signing.BadSignature:
        raise InvalidData(_("Tautan konfirmasi tidak sah.")) from None
    user = User.objects.select_for_update().filter(pk=data.get("u"), email=data.get("e"), role=Role.CANDIDATE).first()
    if user is None:
        raise InvalidData(_("Tautan konfirmasi tidak sah."))
    if not user.is_active:
        User.objects.filter(pk=user.pk).update(is_active=True)
        CandidateProfile.objects.filter(user=user).update(email_confirmed_at=timezone.now())
        audit_record(actor=user, action="selection.candidate.confirmed", obj=user)
        user.refresh_from_db()
    return user


@transaction.atomic
def candidate_profile_update(*, actor: Any, data: dict[str, Any]) -> CandidateProfile:
    if getattr(actor, "role", None) != Role.CANDIDATE or not actor.is_active:
        raise InvalidData(_("Hanya pelamar umum yang mengisi profil pelamar."))
    profile, _created = CandidateProfile.objects.get_or_create(user=actor, defaults={"full_name": actor.first_name})
    if data.get("education") and data["education"] not in EDUCATION:
        raise InvalidData(_("Pendidikan minimal tidak dikenal."), field="education")
    values = {k: data.get(k) for k in ("full_name", "birth_date", "education", "phone", "address") if k in data}
    if not (values.get("full_name") or profile.full_name):
        raise InvalidData(_("Isikan nama lengkap."), field="full_name")
    changes = {k: [str(getattr(profile, k) or ""), str(v or "")] for k, v in values.items() if getattr(profile, k) != v}
    for k, v in values.items():
        setattr(profile, k, v if v is not None else ("" if k != "birth_date" else None))
    profile.save()
    if changes:
        audit_record(actor=actor, action="selection.candidate.profile_changed", obj=profile, changes=changes)
    return profile


def candidate_document_upload(*, actor: Any, upload: UploadedFile, doc_type: str) -> CandidateDocument:
    """Type by the file's first bytes and size by the setting: the personnel app's own check."""
    return candidate_document_store(actor=actor, upload=upload, doc_type=doc_type)[0]


@transaction.atomic
def candidate_document_store(*, actor: Any, upload: UploadedFile, doc_type: str) -> tuple[CandidateDocument, bool]:
    """`candidate_document_upload` saying whether it stored a new document: the same file (same SHA-256) of the same
    type sent again by the same candidate (a double submit) returns the stored one (False) and writes nothing. Two
    such uploads at once run one after the other (the candidate's user row is locked)."""
    from jenjang.personnel.services import validate_document

    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise InvalidData(_("Masuk terlebih dahulu."))
    if doc_type not in CandidateDocumentType.values:
        raise InvalidData(_("Jenis dokumen tidak dikenal."), field="doc_type")
    content_type = validate_document(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
    existing = CandidateDocument.objects.filter(user=actor, doc_type=doc_type, sha256=digest.hexdigest()).first()
    if existing is not None:
        return existing, False
    doc = CandidateDocument(
        user=actor,
        doc_type=doc_type,
        original_name=(upload.name or "dokumen")[:255],
        content_type=content_type,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )
    doc.file.save(doc.sha256, upload, save=False)
    doc.save()
    audit_record(
        actor=actor, action="selection.candidate.document_uploaded", obj=doc,
        changes={"doc_type": [None, doc_type], "original_name": [None, doc.original_name], "size": [None, doc.size]},
    )  # fmt: skip
    return doc, True
