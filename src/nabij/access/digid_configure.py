"""DigiD's SAML configuration from the environment (``nabij manage digid_configure``).

django-digid-eherkenning keeps its configuration in the database: a singleton
``DigidConfiguration`` (the IdP's metadata, our entity id, base URL, service name…) and the
service provider's PKIoverheid certificate with its private key as a django-simple-certmanager
``Certificate`` tied to it by a ``ConfigCertificate``. Production takes all of it from the
environment (documented in ``.env.example``), so a deployment needs no admin screen:

1. ``read_environment`` reads and checks every variable, the certificate, the key and the IdP
   metadata, and returns either a complete ``DigidEnvironment`` or the findings, each naming
   its variable;
2. ``write_configuration`` writes it in one transaction and, before committing, asks the
   library itself to build its SAML settings and our signed service-provider metadata from
   what was written. If the library refuses, nothing is kept.

Running it again with the same environment changes nothing (it says so); with a new
certificate or new metadata it replaces the old ones. The level of assurance is not part of the
library's configuration: it is the setting ``DIGID_LOA``, read by the login view.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import ProtectedError
from django.http.request import validate_host
from django.urls import reverse
from django.utils import timezone
from onelogin.saml2.constants import OneLogin_Saml2_Constants as Saml2

# Read by settings.py, not by this command; named here so they are not taken for typos.
SETTINGS_VARIABLES = frozenset({"DIGID_MOCK", "DIGID_MOCK_IN_PRODUCTION", "DIGID_LOA"})
# Any of these set means "configure DigiD from the environment".
CORE_VARIABLES = (
    "DIGID_METADATA_URL",
    "DIGID_METADATA_FILE",
    "DIGID_CERTIFICATE_FILE",
    "DIGID_PRIVATE_KEY_FILE",
    "DIGID_ENTITY_ID",
    "DIGID_BASE_URL",
)
DEFAULTS: dict[str, str] = {
    "DIGID_SERVICE_NAME": "Mijn Nabij",
    "DIGID_SERVICE_DESCRIPTION": "Het plan en het dossier van uw huishouden",
    "DIGID_WANT_ASSERTIONS_SIGNED": "true",
    "DIGID_WANT_ASSERTIONS_ENCRYPTED": "false",
    "DIGID_SIGNATURE_ALGORITHM": "rsa-sha256",
    "DIGID_DIGEST_ALGORITHM": "sha256",
    "DIGID_ARTIFACT_RESOLVE_CONTENT_TYPE": "application/soap+xml",
    "DIGID_ATTRIBUTE_CONSUMING_SERVICE_INDEX": "1",
    "DIGID_METADATA_TIMEOUT": "10",
    "DIGID_ORGANIZATION_NAME": "",
    "DIGID_ORGANIZATION_URL": "",
    "DIGID_TECHNICAL_CONTACT_EMAIL": "",
    "DIGID_TECHNICAL_CONTACT_PHONE": "",
    "DIGID_ADMINISTRATIVE_CONTACT_EMAIL": "",
    "DIGID_ADMINISTRATIVE_CONTACT_PHONE": "",
}
KNOWN_VARIABLES = SETTINGS_VARIABLES | set(CORE_VARIABLES) | set(DEFAULTS)

SIGNATURE_ALGORITHMS = {
    "rsa-sha1": Saml2.RSA_SHA1,
    "rsa-sha256": Saml2.RSA_SHA256,
    "rsa-sha384": Saml2.RSA_SHA384,
    "rsa-sha512": Saml2.RSA_SHA512,
}
DIGEST_ALGORITHMS = {
    "sha1": Saml2.SHA1,
    "sha256": Saml2.SHA256,
    "sha384": Saml2.SHA384,
    "sha512": Saml2.SHA512,
}
CONTENT_TYPES = ("application/soap+xml", "text/xml")
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})
MIN_RSA_BITS = 2048
EXPIRY_WARNING_DAYS = 30
SOAP_BINDING = Saml2.BINDING_SOAP

# The library's field -> the variable it comes from (for the library's own field checks).
FIELD_VARIABLES = {
    "entity_id": "DIGID_ENTITY_ID",
    "base_url": "DIGID_BASE_URL",
    "service_name": "DIGID_SERVICE_NAME",
    "service_description": "DIGID_SERVICE_DESCRIPTION",
    "metadata_file_source": "DIGID_METADATA_URL",
    "idp_service_entity_id": "DIGID_METADATA_URL or DIGID_METADATA_FILE",
    "organization_name": "DIGID_ORGANIZATION_NAME",
    "organization_url": "DIGID_ORGANIZATION_URL",
    "technical_contact_person_email": "DIGID_TECHNICAL_CONTACT_EMAIL",
    "technical_contact_person_telephone": "DIGID_TECHNICAL_CONTACT_PHONE",
    "administrative_contact_person_email": "DIGID_ADMINISTRATIVE_CONTACT_EMAIL",
    "administrative_contact_person_telephone": "DIGID_ADMINISTRATIVE_CONTACT_PHONE",
    "attribute_consuming_service_index": "DIGID_ATTRIBUTE_CONSUMING_SERVICE_INDEX",
}


class ConfigurationRefused(Exception):
    """The library could not use what was written; nothing was kept."""


@dataclass(frozen=True)
class DigidEnvironment:
    """Everything the environment says, checked; ``fields`` are the library's model fields."""

    fields: dict[str, Any]
    certificate_pem: bytes
    private_key_pem: bytes
    certificate: x509.Certificate
    metadata_xml: bytes
    sso_url: str

    @property
    def common_name(self) -> str:
        names = self.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
        return str(names[0].value) if names else self.certificate.subject.rfc4514_string()


@dataclass
class Outcome:
    changed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def requested(env: Mapping[str, str]) -> bool:
    """Whether the environment asks for a DigiD configuration at all."""
    return any(env.get(name, "").strip() for name in CORE_VARIABLES)


class _Reader:
    """Reads variables from ``env``, collecting findings as ``VARIABLE: what is wrong``."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.findings: list[str] = []

    def find(self, name: str, message: str) -> None:
        self.findings.append(f"{name}: {message}")

    def text(self, name: str) -> str:
        return self.env.get(name, "").strip() or DEFAULTS.get(name, "")

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.find(name, "required, but not set")
        return value

    def boolean(self, name: str) -> bool:
        value = self.text(name).lower()
        if value in TRUE:
            return True
        if value not in FALSE:
            self.find(name, f"{value!r} is not a yes or no: use true or false")
        return False

    def choice(self, name: str, choices: Mapping[str, str]) -> str:
        value = self.text(name).lower()
        if value not in choices:
            self.find(name, f"{value!r} is not one of {', '.join(choices)}")
            return ""
        return choices[value]

    def file(self, name: str) -> bytes | None:
        path_text = self.required(name)
        if not path_text:
            return None
        path = Path(path_text)
        try:
            return path.read_bytes()
        except OSError as exc:
            self.find(name, f"cannot read {path}: {exc.strerror or exc}")
            return None

    def pair(self, first: str, second: str) -> None:
        if bool(self.text(first)) != bool(self.text(second)):
            self.find(first, f"set both {first} and {second}, or neither")


def read_environment(
    env: Mapping[str, str] | None = None,
    *,
    fetch: Callable[[str, float], bytes] | None = None,
    now: dt.datetime | None = None,
) -> tuple[DigidEnvironment | None, list[str]]:
    """The configuration the environment asks for, or the findings that stand in its way."""
    env = os.environ if env is None else env
    reader = _Reader(env)
    now = now or timezone.now()
    for name in sorted(env):
        if name.startswith("DIGID_") and name not in KNOWN_VARIABLES:
            reader.find(name, "unknown variable (a typo?); see .env.example")

    entity_id = reader.required("DIGID_ENTITY_ID")
    if entity_id and any(ch.isspace() for ch in entity_id):
        reader.find("DIGID_ENTITY_ID", "must not contain spaces (it is a URI)")
    base_url = _base_url(reader)
    certificate, certificate_pem, key_pem = _key_pair(reader, now)
    metadata_url, metadata_xml, idp = _metadata(reader, fetch or _fetch)
    signature = reader.choice("DIGID_SIGNATURE_ALGORITHM", SIGNATURE_ALGORITHMS)
    digest = reader.choice("DIGID_DIGEST_ALGORITHM", DIGEST_ALGORITHMS)
    content_type = reader.text("DIGID_ARTIFACT_RESOLVE_CONTENT_TYPE")
    if content_type not in CONTENT_TYPES:
        reader.find(
            "DIGID_ARTIFACT_RESOLVE_CONTENT_TYPE",
            f"{content_type!r} is not one of {', '.join(CONTENT_TYPES)}",
        )
    index = reader.text("DIGID_ATTRIBUTE_CONSUMING_SERVICE_INDEX")
    if not index.isdigit():
        reader.find("DIGID_ATTRIBUTE_CONSUMING_SERVICE_INDEX", f"{index!r} is not a number")
    reader.pair("DIGID_ORGANIZATION_NAME", "DIGID_ORGANIZATION_URL")
    reader.pair("DIGID_TECHNICAL_CONTACT_EMAIL", "DIGID_TECHNICAL_CONTACT_PHONE")
    reader.pair("DIGID_ADMINISTRATIVE_CONTACT_EMAIL", "DIGID_ADMINISTRATIVE_CONTACT_PHONE")

    fields: dict[str, Any] = {
        "entity_id": entity_id,
        "base_url": base_url,
        "service_name": reader.text("DIGID_SERVICE_NAME"),
        "service_description": reader.text("DIGID_SERVICE_DESCRIPTION"),
        "metadata_file_source": metadata_url,
        "idp_service_entity_id": idp.get("entityId", ""),
        "want_assertions_signed": reader.boolean("DIGID_WANT_ASSERTIONS_SIGNED"),
        "want_assertions_encrypted": reader.boolean("DIGID_WANT_ASSERTIONS_ENCRYPTED"),
        "signature_algorithm": signature,
        "digest_algorithm": digest,
        "artifact_resolve_content_type": content_type,
        "attribute_consuming_service_index": index,
        "requested_attributes": [{"name": "bsn", "required": True}],
        "organization_name": reader.text("DIGID_ORGANIZATION_NAME"),
        "organization_url": reader.text("DIGID_ORGANIZATION_URL"),
        "technical_contact_person_email": reader.text("DIGID_TECHNICAL_CONTACT_EMAIL"),
        "technical_contact_person_telephone": reader.text("DIGID_TECHNICAL_CONTACT_PHONE"),
        "administrative_contact_person_email": reader.text("DIGID_ADMINISTRATIVE_CONTACT_EMAIL"),
        "administrative_contact_person_telephone": reader.text(
            "DIGID_ADMINISTRATIVE_CONTACT_PHONE"
        ),
        # Single logout needs a BSN on the user model, which Nabij's accounts do not carry.
        "slo": False,
    }
    _library_field_checks(reader, fields)
    if reader.findings or certificate is None or not metadata_xml:
        return None, reader.findings
    return (
        DigidEnvironment(
            fields=fields,
            certificate_pem=certificate_pem,
            private_key_pem=key_pem,
            certificate=certificate,
            metadata_xml=metadata_xml,
            sso_url=idp["singleSignOnService"]["url"],
        ),
        [],
    )


def _base_url(reader: _Reader) -> str:
    value = reader.required("DIGID_BASE_URL").rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        reader.find("DIGID_BASE_URL", f"{value!r} must be an https:// address (DigiD requires it)")
    elif parts.query or parts.fragment:
        reader.find("DIGID_BASE_URL", "must not have a query or a fragment")
    elif settings.ALLOWED_HOSTS and not validate_host(parts.hostname, settings.ALLOWED_HOSTS):
        reader.find(
            "DIGID_BASE_URL",
            f"the host {parts.hostname} is not in ALLOWED_HOSTS, so DigiD's answers to it "
            "would be refused",
        )
    return value


def _key_pair(reader: _Reader, now: dt.datetime) -> tuple[x509.Certificate | None, bytes, bytes]:
    """The service provider's certificate and private key, as normalised PEM."""
    cert_data = reader.file("DIGID_CERTIFICATE_FILE")
    key_data = reader.file("DIGID_PRIVATE_KEY_FILE")
    certificate = None
    if cert_data is not None:
        try:
            certificate = x509.load_pem_x509_certificate(cert_data)
        except ValueError:
            reader.find("DIGID_CERTIFICATE_FILE", "not a PEM certificate")
    if certificate is not None:
        if certificate.not_valid_before_utc > now:
            reader.find(
                "DIGID_CERTIFICATE_FILE",
                f"not valid before {certificate.not_valid_before_utc:%Y-%m-%d %H:%M} UTC",
            )
        if certificate.not_valid_after_utc < now:
            reader.find(
                "DIGID_CERTIFICATE_FILE",
                f"expired on {certificate.not_valid_after_utc:%Y-%m-%d} UTC",
            )
    key = None
    if key_data is not None:
        try:
            key = serialization.load_pem_private_key(key_data, password=None)
        except TypeError:
            reader.find(
                "DIGID_PRIVATE_KEY_FILE",
                "the key is encrypted with a passphrase: give it unencrypted, in a file only "
                "Nabij's user can read",
            )
        except (ValueError, UnsupportedAlgorithm):
            reader.find("DIGID_PRIVATE_KEY_FILE", "not a PEM private key")
    if key is not None and not isinstance(key, rsa.RSAPrivateKey):
        reader.find("DIGID_PRIVATE_KEY_FILE", "must be an RSA key (as PKIoverheid issues)")
        key = None
    if isinstance(key, rsa.RSAPrivateKey) and key.key_size < MIN_RSA_BITS:
        reader.find("DIGID_PRIVATE_KEY_FILE", f"RSA key of {key.key_size} bits; at least 2048")
    if certificate is None or not isinstance(key, rsa.RSAPrivateKey):
        return None, b"", b""
    if certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) != key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ):
        reader.find("DIGID_PRIVATE_KEY_FILE", "does not belong to DIGID_CERTIFICATE_FILE")
        return None, b"", b""
    return (
        certificate,
        certificate.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


def _fetch(url: str, timeout: float) -> bytes:
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    return bytes(OneLogin_Saml2_IdPMetadataParser.get_metadata(url, timeout=timeout))


def _metadata(
    reader: _Reader, fetch: Callable[[str, float], bytes]
) -> tuple[str, bytes, dict[str, Any]]:
    """(the URL or "", the IdP's metadata, what the library will read from it)."""
    from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser

    url = reader.env.get("DIGID_METADATA_URL", "").strip()
    path = reader.env.get("DIGID_METADATA_FILE", "").strip()
    if url and path:
        reader.find("DIGID_METADATA_URL", "set DIGID_METADATA_URL or DIGID_METADATA_FILE, not both")
        return "", b"", {}
    if not url and not path:
        reader.find("DIGID_METADATA_URL", "required (or DIGID_METADATA_FILE), but not set")
        return "", b"", {}
    source = "DIGID_METADATA_URL" if url else "DIGID_METADATA_FILE"
    if url:
        if urlsplit(url).scheme != "https":
            reader.find(source, f"{url!r} must be an https:// address")
            return "", b"", {}
        try:
            timeout = float(reader.text("DIGID_METADATA_TIMEOUT"))
        except ValueError:
            reader.find("DIGID_METADATA_TIMEOUT", "not a number of seconds")
            return "", b"", {}
        try:
            xml = fetch(url, timeout)
        # The parser's fetch raises requests' errors and a bare Exception for non-metadata.
        except Exception as exc:
            reader.find(source, f"could not fetch IdP metadata from {url}: {exc}")
            return "", b"", {}
    else:
        data = reader.file(source)
        if data is None:
            return "", b"", {}
        xml = data
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml)
    # lxml's syntax errors, and the parser's refusal of DTDs and entities.
    except Exception as exc:
        reader.find(source, f"not readable as SAML metadata: {exc}")
        return "", b"", {}
    idp = parsed.get("idp")
    if not idp:
        reader.find(source, "no identity provider (IDPSSODescriptor) in the metadata")
        return "", b"", {}
    missing = []
    if not idp.get("entityId"):
        missing.append("an entityID")
    if not idp.get("singleSignOnService", {}).get("url"):
        missing.append("a SingleSignOnService with the HTTP-Redirect binding")
    if not any(s.get("binding") == SOAP_BINDING for s in idp.get("artifactResolutionService", [])):
        missing.append("an ArtifactResolutionService with the SOAP binding")
    if not (idp.get("x509cert") or idp.get("x509certMulti", {}).get("signing")):
        missing.append("a signing certificate (KeyDescriptor)")
    if missing:
        reader.find(source, "the IdP metadata lacks " + ", ".join(missing))
        return "", b"", {}
    return url, xml, idp


def _library_field_checks(reader: _Reader, fields: dict[str, Any]) -> None:
    """The library model's own checks (lengths, URLs), said in terms of the variables."""
    from digid_eherkenning.models import DigidConfiguration

    if reader.findings:
        return
    exclude = ["idp_metadata_file"] + (
        [] if fields["metadata_file_source"] else ["metadata_file_source"]
    )
    try:
        DigidConfiguration(**fields).clean_fields(exclude=exclude)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            for error in errors:
                reader.find(FIELD_VARIABLES.get(name, name), error)


# --- Writing ------------------------------------------------------------------------------------


def _content(file: Any) -> bytes | None:
    if not file:
        return None
    try:
        with file.open("rb") as handle:
            return bytes(handle.read())
    except OSError:
        return None


def _private(path: str) -> None:
    """Only Nabij's own user may read a private key (and the folder it is in)."""
    Path(path).chmod(0o600)
    Path(settings.PRIVATE_MEDIA_ROOT).chmod(0o700)


@contextmanager
def _new_files() -> Iterator[list[Any]]:
    """Files written while configuring: removed again when the transaction does not commit."""
    written: list[Any] = []
    try:
        yield written
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise


class _CheckOnly(Exception):
    pass


def write_configuration(config_env: DigidEnvironment, *, check_only: bool = False) -> Outcome:
    """Write the library's configuration in one transaction, and keep it only if the library
    can build its SAML settings and our signed metadata from it. ``check_only``: do all of it,
    then roll back.

    Raises ``ConfigurationRefused`` (nothing kept) when the library cannot use it.
    """
    outcome = Outcome()
    try:
        with _new_files() as written, transaction.atomic():
            _write(config_env, outcome, written)
            _verify(config_env, outcome)
            if check_only:
                raise _CheckOnly
    except _CheckOnly:
        pass
    return outcome


def _write(config_env: DigidEnvironment, outcome: Outcome, written: list[Any]) -> None:
    from digid_eherkenning.choices import ConfigTypes
    from digid_eherkenning.models import ConfigCertificate, DigidConfiguration
    from simple_certmanager.constants import CertificateTypes
    from simple_certmanager.models import Certificate

    config = DigidConfiguration.get_solo()
    DigidConfiguration.objects.select_for_update().filter(pk=config.pk).first()

    # The certificate: keep the one already tied to DigiD if it is this pair, else replace it.
    links = list(ConfigCertificate.objects.for_config(DigidConfiguration))
    keep = next(
        (
            link
            for link in links
            if _content(link.certificate.public_certificate) == config_env.certificate_pem
            and _content(link.certificate.private_key) == config_env.private_key_pem
        ),
        None,
    )
    if keep is None:
        certificate = Certificate(
            label=f"DigiD {config_env.common_name}"[:100],
            type=CertificateTypes.key_pair,
            public_certificate=ContentFile(config_env.certificate_pem, name="digid-sp.crt"),
            private_key=ContentFile(config_env.private_key_pem, name="digid-sp.key"),
        )
        certificate.save()
        written += [certificate.public_certificate, certificate.private_key]
        _private(certificate.private_key.path)
        ConfigCertificate.objects.create(config_type=ConfigTypes.digid, certificate=certificate)
        outcome.changed.append("certificate")
    for link in links:
        if link is keep:
            continue
        old = link.certificate
        link.delete()
        if not ConfigCertificate.objects.filter(certificate=old).exists():
            try:
                old.delete()  # its files go when the transaction commits
            except ProtectedError:
                outcome.warnings.append(f"the old certificate {old} is still used elsewhere")

    # The IdP's metadata: a new file only when its content changed.
    fields = dict(config_env.fields)
    old_metadata = config.idp_metadata_file.name if config.idp_metadata_file else ""
    if _content(config.idp_metadata_file) != config_env.metadata_xml:
        config.idp_metadata_file.save(
            "digid-idp-metadata.xml", ContentFile(config_env.metadata_xml), save=False
        )
        written.append(config.idp_metadata_file)
        _private(config.idp_metadata_file.path)
        outcome.changed.append("IdP metadata")
        if old_metadata:
            storage = config.idp_metadata_file.storage
            transaction.on_commit(lambda: storage.delete(old_metadata))
    fields["idp_metadata_file"] = config.idp_metadata_file.name

    # The fields, written as they are: the model's save() would fetch metadata_file_source
    # again (we already did, and checked it).
    current = DigidConfiguration.objects.filter(pk=config.pk).values(*fields).get()
    changed = sorted(
        name
        for name, value in fields.items()
        if current[name] != value and name != "idp_metadata_file"
    )
    outcome.changed += changed
    DigidConfiguration.objects.filter(pk=config.pk).update(**fields)


def _verify(config_env: DigidEnvironment, outcome: Outcome) -> None:
    """The library builds its settings and our signed metadata from what was written."""
    from digid_eherkenning.choices import DigiDAssuranceLevels
    from digid_eherkenning.models import DigidConfiguration
    from digid_eherkenning.saml2.digid import DigiDClient, generate_digid_metadata

    config = DigidConfiguration.get_solo()
    try:
        config.clean()
        current, _next = config.select_certificates()
        client = DigiDClient(loa=DigiDAssuranceLevels(settings.DIGID_LOA))
        client.saml2_settings  # noqa: B018 - building them is the check
        generate_digid_metadata()
    # python3-saml and the library raise plain exceptions (OneLogin_Saml2_Error, Exception).
    except Exception as exc:
        raise ConfigurationRefused(str(exc)) from exc

    fields = config_env.fields
    expires = config_env.certificate.not_valid_after_utc
    if expires - timezone.now() < dt.timedelta(days=EXPIRY_WARNING_DAYS):
        outcome.warnings.append(
            f"the certificate expires on {expires:%Y-%m-%d}: order its successor from your "
            "PKIoverheid supplier and register it with Logius in time"
        )
    level = next(
        (name for name, urn in settings.DIGID_LOA_LEVELS.items() if urn == settings.DIGID_LOA),
        settings.DIGID_LOA,
    )
    outcome.summary = [
        f"service provider: {fields['entity_id']} at {fields['base_url']}",
        f"  assertion consumer service: {fields['base_url']}{reverse('digid:acs')}",
        f"  its SAML metadata, for Logius: {fields['base_url']}/digid/metadata/",
        f"identity provider: {fields['idp_service_entity_id']}",
        f"  single sign-on: {config_env.sso_url}",
        f"certificate: {config_env.common_name}, valid until {expires:%Y-%m-%d} "
        f"(serial {current.certificate.serial_number:x})",
        f"level of assurance (DIGID_LOA): {level}",
    ]
