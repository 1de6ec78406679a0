"""DigiD in production: ``digid_configure`` writes the library's SAML configuration from the
environment, and then the library's own views send a signed AuthnRequest to the IdP, serve our
metadata and resolve the IdP's answer into a resident's login.

The service provider's certificate is a self-signed one made here; the IdP is a metadata file
written here (no outside service is called)."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from digid_eherkenning.choices import DigiDAssuranceLevels
from digid_eherkenning.models import ConfigCertificate, DigidConfiguration
from digid_eherkenning.saml2.digid import DigiDClient
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from onelogin.saml2.utils import OneLogin_Saml2_Utils, OneLogin_Saml2_ValidationError
from onelogin.saml2.xml_utils import OneLogin_Saml2_XML
from simple_certmanager.models import Certificate

from nabij.access import digid_configure, routes
from nabij.access.models import LoginEvent

pytestmark = pytest.mark.django_db

SSO_URL = "https://idp.digid.example/saml/idp/request_authentication"
ARS_URL = "https://idp.digid.example/saml/idp/resolve_artifact"
IDP_ENTITY_ID = "https://idp.digid.example/saml/idp/metadata"
ENTITY_ID = "https://nabij.leeuwarden.example/digid"
BASE_URL = "https://nabij.leeuwarden.example"
NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "md": "urn:oasis:names:tc:SAML:2.0:metadata",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
}


def key_pair(
    common_name: str,
    *,
    days: int = 365,
    starts: dt.datetime | None = None,
    key: Any = None,
) -> tuple[bytes, bytes]:
    """A self-signed certificate and its unencrypted private key, both PEM."""
    key = key or rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    starts = starts or timezone.now() - dt.timedelta(days=1)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(starts)
        .not_valid_after(starts + dt.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        ),
    )


def idp_metadata(*, artifact_resolution: bool = True) -> str:
    """DigiD's IdP metadata as Logius publishes it, in small: one SSO location for both
    bindings, artifact resolution over SOAP, a signing certificate."""
    cert_pem, _key = key_pair("idp.digid.example")
    der = x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)
    ars = (
        f'<md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP" '
        f'Location="{ARS_URL}" index="0"/>'
        if artifact_resolution
        else ""
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"
    xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{IDP_ENTITY_ID}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="true"
      protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{base64.b64encode(der).decode()}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    {ars}
    <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="https://idp.digid.example/saml/idp/request_logout"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"
        Location="{SSO_URL}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"
        Location="{SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""


@dataclass
class Files:
    folder: Path
    cert_pem: bytes
    key_pem: bytes

    def env(self, **overrides: str) -> dict[str, str]:
        env = {
            "DIGID_METADATA_FILE": str(self.folder / "idp.xml"),
            "DIGID_CERTIFICATE_FILE": str(self.folder / "sp.crt"),
            "DIGID_PRIVATE_KEY_FILE": str(self.folder / "sp.key"),
            "DIGID_ENTITY_ID": ENTITY_ID,
            "DIGID_BASE_URL": BASE_URL + "/",
            "DIGID_ORGANIZATION_NAME": "Gemeente Leeuwarden",
            "DIGID_ORGANIZATION_URL": "https://www.leeuwarden.nl",
        }
        env.update(overrides)
        return {k: v for k, v in env.items() if v != ""}

    def write_pair(self, cert_pem: bytes, key_pem: bytes, stem: str = "sp") -> None:
        (self.folder / f"{stem}.crt").write_bytes(cert_pem)
        (self.folder / f"{stem}.key").write_bytes(key_pem)


@pytest.fixture
def files(tmp_path, settings) -> Files:
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "nabij.leeuwarden.example"]
    folder = tmp_path / "secrets"
    folder.mkdir()
    cert_pem, key_pem = key_pair("nabij.leeuwarden.example")
    found = Files(folder, cert_pem, key_pem)
    found.write_pair(cert_pem, key_pem)
    (folder / "idp.xml").write_text(idp_metadata())
    return found


@pytest.fixture
def environment(monkeypatch) -> Iterator[Any]:
    """Set exactly these DIGID_* variables (and no others) for the command."""

    def set_env(env: dict[str, str]) -> None:
        import os

        for name in list(os.environ):
            if name.startswith("DIGID_"):
                monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    yield set_env


def configure(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("digid_configure", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def production(settings) -> None:
    """The production URLconf and backend (``DIGID_MOCK`` off)."""
    settings.DIGID_MOCK = False
    settings.ROOT_URLCONF = "nabij.tests.urls_saml"
    settings.AUTHENTICATION_BACKENDS = [
        "django.contrib.auth.backends.ModelBackend",
        "nabij.access.digid.DigiDBackend",
    ]


@pytest.fixture
def configured(files, environment, production) -> Files:
    environment(files.env())
    code, _out, err = configure()
    assert code == 0, err
    return files


# --- Writing the configuration ------------------------------------------------------------------


def test_the_environment_becomes_the_librarys_configuration(files, environment):
    environment(files.env())
    code, out, err = configure()
    assert code == 0, err
    assert "DigiD configuration written" in out
    assert f"single sign-on: {SSO_URL}" in out
    config = DigidConfiguration.get_solo()
    assert config.entity_id == ENTITY_ID
    assert config.base_url == BASE_URL  # no trailing slash
    assert config.idp_service_entity_id == IDP_ENTITY_ID
    assert config.service_name == "Mijn Nabij"
    assert config.organization_name == "Gemeente Leeuwarden"
    assert config.want_assertions_signed is True
    assert config.slo is False
    assert config.signature_algorithm.endswith("rsa-sha256")
    with config.idp_metadata_file.open("rb") as f:
        assert IDP_ENTITY_ID.encode() in f.read()
    current, _next = config.select_certificates()
    with current.public_certificate.open("rb") as f:
        assert f.read() == files.cert_pem
    key_path = Path(current.private_key.path)
    assert key_path.stat().st_mode & 0o077 == 0  # the key: for Nabij's user only
    assert Path(django_settings.PRIVATE_MEDIA_ROOT).stat().st_mode & 0o077 == 0


def test_running_it_again_changes_nothing(files, environment, django_capture_on_commit_callbacks):
    environment(files.env())
    with django_capture_on_commit_callbacks(execute=True):
        assert configure()[0] == 0
    private = Path(django_settings.PRIVATE_MEDIA_ROOT)
    before = sorted(p for p in private.rglob("*") if p.is_file())
    config = DigidConfiguration.get_solo()
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _err = configure()
    assert code == 0
    assert "DigiD configuration unchanged." in out
    assert sorted(p for p in private.rglob("*") if p.is_file()) == before
    assert Certificate.objects.count() == 1 and ConfigCertificate.objects.count() == 1
    assert DigidConfiguration.get_solo().idp_metadata_file.name == config.idp_metadata_file.name


def test_a_new_certificate_replaces_the_old_one(
    files, environment, django_capture_on_commit_callbacks
):
    environment(files.env())
    with django_capture_on_commit_callbacks(execute=True):
        assert configure()[0] == 0
    old = Certificate.objects.get()
    old_files = [Path(old.public_certificate.path), Path(old.private_key.path)]
    cert_pem, key_pem = key_pair("nabij.leeuwarden.example (2)")
    files.write_pair(cert_pem, key_pem)
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _err = configure()
    assert code == 0 and "(certificate)" in out
    new = Certificate.objects.get()
    assert new.pk != old.pk
    assert ConfigCertificate.objects.get().certificate == new
    assert not any(p.exists() for p in old_files)  # the old key is gone from disk too


def test_new_metadata_replaces_the_old_file(files, environment, django_capture_on_commit_callbacks):
    environment(files.env())
    with django_capture_on_commit_callbacks(execute=True):
        assert configure()[0] == 0
    old = Path(DigidConfiguration.get_solo().idp_metadata_file.path)
    (files.folder / "idp.xml").write_text(idp_metadata())  # the IdP's new signing certificate
    with django_capture_on_commit_callbacks(execute=True):
        code, out, _err = configure()
    assert code == 0 and "(IdP metadata)" in out
    assert not old.exists()
    assert Path(DigidConfiguration.get_solo().idp_metadata_file.path).exists()


def test_check_writes_nothing(files, environment):
    environment(files.env())
    code, out, _err = configure("--check")
    assert code == 0 and "checked; nothing written" in out
    assert DigidConfiguration.get_solo().entity_id == ""
    assert not Certificate.objects.exists()
    private = Path(django_settings.PRIVATE_MEDIA_ROOT)
    assert not private.exists() or not [p for p in private.rglob("*") if p.is_file()]


def test_no_variables_is_a_usage_error(environment):
    environment({})
    code, _out, err = configure()
    assert code == 2
    assert "nothing to configure" in err


def expect_findings(env: dict[str, str], *expected: str) -> str:
    code, _out, err = configure()
    assert code == 1, err
    assert "nothing written" in err
    for text in expected:
        assert text in err, f"{text!r} not in:\n{err}"
    assert DigidConfiguration.get_solo().entity_id == ""
    assert not Certificate.objects.exists()
    return err


def test_missing_variables_are_named(files, environment):
    env = files.env(DIGID_ENTITY_ID="", DIGID_PRIVATE_KEY_FILE="", DIGID_METADATA_FILE="")
    environment(env)
    expect_findings(
        env,
        "DIGID_ENTITY_ID: required",
        "DIGID_PRIVATE_KEY_FILE: required",
        "DIGID_METADATA_URL: required (or DIGID_METADATA_FILE)",
    )


def test_a_key_of_another_certificate_is_refused(files, environment):
    _cert, other_key = key_pair("someone else")
    (files.folder / "other.key").write_bytes(other_key)
    environment(files.env(DIGID_PRIVATE_KEY_FILE=str(files.folder / "other.key")))
    expect_findings({}, "DIGID_PRIVATE_KEY_FILE: does not belong to DIGID_CERTIFICATE_FILE")


def test_an_expired_certificate_is_refused(files, environment):
    cert, key = key_pair("old", starts=timezone.now() - dt.timedelta(days=400), days=30)
    files.write_pair(cert, key)
    environment(files.env())
    expect_findings({}, "DIGID_CERTIFICATE_FILE: expired on")


def test_an_encrypted_or_non_rsa_key_is_refused(files, environment):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"geheim"),
    )
    cert, _plain = key_pair("encrypted", key=key)
    files.write_pair(cert, encrypted)
    environment(files.env())
    expect_findings({}, "DIGID_PRIVATE_KEY_FILE: the key is encrypted")
    ec_key = ec.generate_private_key(ec.SECP256R1())
    files.write_pair(*key_pair("ec", key=ec_key))
    expect_findings({}, "DIGID_PRIVATE_KEY_FILE: must be an RSA key")


def test_unreadable_files_and_bad_values_are_each_named(files, environment):
    env = files.env(
        DIGID_CERTIFICATE_FILE=str(files.folder / "missing.crt"),
        DIGID_BASE_URL="http://nabij.leeuwarden.example",
        DIGID_WANT_ASSERTIONS_SIGNED="misschien",
        DIGID_ORGANIZATION_URL="",
        DIGID_METADATA_URL="https://idp.digid.example/metadata",
        DIGID_SIGNATURE_ALGORITHM="md5",
        DIGID_ENTITYID="typo",
    )
    environment(env)
    expect_findings(
        env,
        "DIGID_CERTIFICATE_FILE: cannot read",
        "DIGID_BASE_URL: 'http://nabij.leeuwarden.example' must be an https:// address",
        "DIGID_WANT_ASSERTIONS_SIGNED: 'misschien' is not a yes or no",
        "DIGID_ORGANIZATION_NAME: set both DIGID_ORGANIZATION_NAME and DIGID_ORGANIZATION_URL",
        "DIGID_METADATA_URL: set DIGID_METADATA_URL or DIGID_METADATA_FILE, not both",
        "DIGID_SIGNATURE_ALGORITHM: 'md5' is not one of",
        "DIGID_ENTITYID: unknown variable",
    )


def test_a_base_url_this_server_does_not_answer_to_is_refused(files, environment, settings):
    settings.ALLOWED_HOSTS = ["nabij.example.nl"]
    environment(files.env())
    expect_findings({}, "the host nabij.leeuwarden.example is not in ALLOWED_HOSTS")


def test_metadata_without_artifact_resolution_is_refused(files, environment):
    (files.folder / "idp.xml").write_text(idp_metadata(artifact_resolution=False))
    environment(files.env())
    expect_findings({}, "lacks an ArtifactResolutionService with the SOAP binding")


def test_metadata_that_is_no_xml_is_refused(files, environment):
    (files.folder / "idp.xml").write_text("<html>Onderhoud</html")
    environment(files.env())
    expect_findings({}, "DIGID_METADATA_FILE: not readable as SAML metadata")


def test_metadata_from_a_url(files):
    fetched: list[tuple[str, float]] = []

    def fetch(url: str, timeout: float) -> bytes:
        fetched.append((url, timeout))
        return idp_metadata().encode()

    url = "https://idp.digid.example/saml/idp/metadata"
    env = files.env(DIGID_METADATA_FILE="", DIGID_METADATA_URL=url, DIGID_METADATA_TIMEOUT="5")
    found, findings = digid_configure.read_environment(env, fetch=fetch)
    assert findings == [] and found is not None
    assert fetched == [(url, 5.0)]
    assert found.fields["metadata_file_source"] == url
    assert found.fields["idp_service_entity_id"] == IDP_ENTITY_ID

    def unreachable(url: str, timeout: float) -> bytes:
        raise ConnectionError("Name or service not known")

    found, findings = digid_configure.read_environment(env, fetch=unreachable)
    assert found is None
    assert findings == [
        f"DIGID_METADATA_URL: could not fetch IdP metadata from {url}: Name or service not known"
    ]


def test_the_level_names_are_the_librarys():
    levels = django_settings.DIGID_LOA_LEVELS
    assert levels["basis"] == DigiDAssuranceLevels.base
    assert levels["midden"] == DigiDAssuranceLevels.middle
    assert levels["substantieel"] == DigiDAssuranceLevels.substantial
    assert levels["hoog"] == DigiDAssuranceLevels.high
    assert DigiDAssuranceLevels.substantial == django_settings.DIGID_LOA  # the default


def test_an_unknown_level_stops_the_settings():
    result = subprocess.run(
        [sys.executable, "-c", "import nabij.config.settings"],
        env={"DIGID_LOA": "heel-hoog", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DIGID_LOA: 'heel-hoog' is not a DigiD level" in result.stderr


# --- The library at work on it ------------------------------------------------------------------


def saml_form(response: Any) -> dict[str, str]:
    body = response.content.decode()
    action = re.search(r'<form[^>]*action="([^"]+)"', body)
    assert action, body
    fields = dict(re.findall(r'name="(SAMLRequest|RelayState)"[^>]*value="([^"]*)"', body))
    fields.update(
        {k: v for v, k in re.findall(r'value="([^"]*)"[^>]*name="(SAMLRequest|RelayState)"', body)}
    )
    return {
        "action": html.unescape(action.group(1)),
        **{k: html.unescape(v) for k, v in fields.items()},
    }


def test_the_login_posts_a_signed_authn_request_to_the_idp(configured):
    response = Client().get("/digid/login/", {"next": "/mijn/"})
    assert response.status_code == 200
    form = saml_form(response)
    assert form["action"] == SSO_URL
    assert form["RelayState"] == "/mijn/"
    assert 'type="hidden" name="SAMLRequest"' in response.content.decode()  # Nabij's page
    csp = response.headers["Content-Security-Policy"]
    assert "form-action 'self' https://idp.digid.example" in csp
    xml = base64.b64decode(form["SAMLRequest"])
    request = OneLogin_Saml2_XML.to_etree(xml)
    assert request.tag == f"{{{NS['samlp']}}}AuthnRequest"
    assert request.get("Destination") == SSO_URL
    assert request.get("AssertionConsumerServiceURL") == f"{BASE_URL}/digid/acs/"
    assert request.get("ProtocolBinding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
    assert request.findtext("saml:Issuer", namespaces=NS) == ENTITY_ID
    context = request.find("samlp:RequestedAuthnContext", NS)
    assert context is not None and context.get("Comparison") == "minimum"
    assert context.findtext("saml:AuthnContextClassRef", namespaces=NS) == (
        DigiDAssuranceLevels.substantial
    )
    assert request.find("ds:Signature", NS) is not None
    signature = "/samlp:AuthnRequest/ds:Signature"
    assert OneLogin_Saml2_Utils.validate_sign(
        xml, cert=configured.cert_pem.decode(), xpath=signature, raise_exceptions=True
    )
    forger, _key = key_pair("forger")
    assert not OneLogin_Saml2_Utils.validate_sign(xml, cert=forger.decode(), xpath=signature)


def test_the_level_of_assurance_comes_from_the_setting(configured, settings):
    settings.DIGID_LOA = DigiDAssuranceLevels.middle
    form = saml_form(Client().get("/digid/login/"))
    xml = OneLogin_Saml2_XML.to_etree(base64.b64decode(form["SAMLRequest"]))
    assert (
        xml.findtext(".//saml:AuthnContextClassRef", namespaces=NS) == DigiDAssuranceLevels.middle
    )


def test_the_service_provider_metadata_is_served_signed(configured):
    response = Client().get("/digid/metadata/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    root = OneLogin_Saml2_XML.to_etree(response.content)
    assert root.get("entityID") == ENTITY_ID
    acs = root.find(".//md:AssertionConsumerService", NS)
    assert acs is not None and acs.get("Location") == f"{BASE_URL}/digid/acs/"
    assert acs.get("Binding") == "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"
    assert root.find(".//md:SingleLogoutService", NS) is None  # no SLO: see urls_digid
    assert root.find("ds:Signature", NS) is not None
    der = x509.load_pem_x509_certificate(configured.cert_pem).public_bytes(
        serialization.Encoding.DER
    )
    assert base64.b64encode(der).decode() in response.content.decode()
    assert OneLogin_Saml2_Utils.validate_metadata_sign(
        response.content, cert=configured.cert_pem.decode()
    )


class Resolved:
    """What the library's artifact resolution gives back: a response with a NameID."""

    def __init__(self, bsn: str) -> None:
        self.bsn = bsn

    def get_nameid(self) -> str:
        return f"s00000000:{self.bsn}"


def resolve_as(monkeypatch, bsn: str | None, error: Exception | None = None) -> None:
    """The SOAP call to the IdP's artifact resolution service, answered here."""

    def artifact_resolve(self, request, saml_art):
        if error is not None:
            raise error
        assert saml_art == "AAQAAartefact"
        return Resolved(bsn or "")

    monkeypatch.setattr(DigiDClient, "artifact_resolve", artifact_resolve)


def test_the_idps_answer_logs_in_a_resident(configured, world, monkeypatch):
    resolve_as(monkeypatch, world.resident.bsn)
    client = Client()
    response = client.get("/digid/acs/", {"SAMLart": "AAQAAartefact", "RelayState": "/mijn/"})
    assert response.status_code == 302 and response["Location"] == "/mijn/"
    assert client.get("/mijn/").status_code == 200
    assert client.session.get_expiry_age() <= 15 * 60


def test_an_unknown_bsn_goes_back_to_mijn_nabijs_login_with_the_reason(
    configured, world, monkeypatch
):
    resolve_as(monkeypatch, "999990019")
    client = Client()
    response = client.get("/digid/acs/", {"SAMLart": "AAQAAartefact"}, follow=True)
    assert response.redirect_chain[-1][0] == "/mijn/inloggen/"
    assert "Met deze DigiD kunt u niet inloggen bij Mijn Nabij." in response.content.decode()
    assert LoginEvent.objects.filter(kind="digid_refused").count() == 1


def test_a_cancelled_login_says_so(configured, monkeypatch):
    error = OneLogin_Saml2_ValidationError(
        "cancelled", OneLogin_Saml2_ValidationError.STATUS_CODE_AUTHNFAILED
    )
    resolve_as(monkeypatch, None, error=error)
    response = Client().get("/digid/acs/", {"SAMLart": "AAQAAartefact"}, follow=True)
    assert response.redirect_chain[-1][0] == "/mijn/inloggen/"
    assert "U bent gestopt met inloggen met DigiD." in response.content.decode()


def test_an_unconfigured_login_answers_plainly(production, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    response = Client().get("/digid/login/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/mijn/inloggen/"
    assert "Inloggen met DigiD kan nu niet." in response.content.decode()
    assert Client().get("/digid/metadata/").status_code == 400  # the library's own answer


def test_every_production_route_has_a_rule(production):
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns: list[Any], namespace: str = "") -> Iterator[str]:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}:{p.namespace}" if namespace and p.namespace else p.namespace
                yield from walk(p.url_patterns, ns or namespace)
            elif isinstance(p, URLPattern) and p.name and (namespace or "").startswith("digid"):
                yield f"{namespace}:{p.name}"

    keys = set(walk(get_resolver().url_patterns))
    assert keys == {"digid:login", "digid:acs", "digid:metadata"}
    assert all(routes.access_for_url(key) for key in keys)


# --- `nabij serve` --------------------------------------------------------------------------------


def test_serve_in_production_configures_digid_first(files, environment, settings, capsys):
    from nabij.cli import digid_at_start

    settings.PRODUCTION = True
    settings.DIGID_MOCK = False
    environment(files.env())
    assert digid_at_start() == 0
    assert DigidConfiguration.get_solo().entity_id == ENTITY_ID
    environment(files.env(DIGID_BASE_URL="http://nabij.leeuwarden.example"))
    assert digid_at_start() == 1  # findings: serve stops
    assert "DIGID_BASE_URL" in capsys.readouterr().err
    environment({})
    assert digid_at_start() == 0  # nothing set: what is stored stays
    assert DigidConfiguration.get_solo().entity_id == ENTITY_ID


def test_serve_with_the_mock_leaves_digid_alone(files, environment, settings):
    from nabij.cli import digid_at_start

    settings.PRODUCTION = False
    environment(files.env())
    assert digid_at_start() == 0
    assert DigidConfiguration.get_solo().entity_id == ""


def test_env_example_documents_every_digid_variable():
    env_example = (Path(__file__).resolve().parents[3] / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*(DIGID_[A-Z_]+)=", env_example, flags=re.MULTILINE))
    assert documented == digid_configure.KNOWN_VARIABLES
