"""Creating and verifying bearer tokens: what is accepted and everything that is refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import SecretStr

from hackoclock.auth import (
    AuthError,
    AuthNotConfigured,
    Principal,
    create_token,
    parse_ttl,
    verify_token,
)
from hackoclock.settings import Settings

SECRET = "unit-test-secret-that-is-long-enough-0123456789"


@dataclass(frozen=True)
class RsaFiles:
    private_pem: bytes
    public_pem: bytes
    public_file: Path
    private_file: Path
    jwks_file: Path
    other_private_pem: bytes  # a key nobody trusts


def _private_pem(key: rsa.RSAPrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@pytest.fixture(scope="session")
def rsa_files(tmp_path_factory: pytest.TempPathFactory) -> RsaFiles:
    folder = tmp_path_factory.mktemp("keys")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    (folder / "public.pem").write_bytes(public_pem)
    (folder / "private.pem").write_bytes(_private_pem(key))
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    other_jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(other.public_key()))
    jwks = {
        "keys": [
            {**jwk, "kid": "main", "alg": "RS256", "use": "sig"},
            {**other_jwk, "kid": "encryption-only", "use": "enc"},
            {"kty": "EC", "kid": "ec", "crv": "P-256", "x": "AA", "y": "AA"},
        ]
    }
    (folder / "jwks.json").write_text(json.dumps(jwks))
    return RsaFiles(
        private_pem=_private_pem(key),
        public_pem=public_pem,
        public_file=folder / "public.pem",
        private_file=folder / "private.pem",
        jwks_file=folder / "jwks.json",
        other_private_pem=_private_pem(other),
    )


def hs_settings(**extra: object) -> Settings:
    return Settings(jwt_secret=SecretStr(SECRET), **extra)  # type: ignore[arg-type]


def claims(**over: object) -> dict[str, object]:
    now = datetime.now(UTC)
    base: dict[str, object] = {"sub": "c1", "role": "creator", "exp": now + timedelta(minutes=5)}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def hand_made(alg: str, body: dict[str, object], hmac_key: bytes | None) -> str:
    """A token built byte by byte, so tests can forge what PyJWT refuses to produce."""
    exp = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    payload = b64(json.dumps({"exp": exp, **body}).encode())
    if hmac_key is None:
        return f"{header}.{payload}."
    sig = hmac.new(hmac_key, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(sig)}"


def test_a_token_round_trips_to_its_principal() -> None:
    s = hs_settings()
    token = create_token(s, sub="creator-7", role="creator", ttl=timedelta(hours=1))
    assert verify_token(s, token) == Principal(sub="creator-7", role="creator")


def test_an_operator_token_carries_the_operator_role() -> None:
    s = hs_settings()
    principal = verify_token(s, create_token(s, sub="ops", role="operator", ttl=60))
    assert principal.is_operator and not principal.is_creator


def test_an_expired_token_is_refused() -> None:
    s = hs_settings(jwt_leeway_s=0)
    past = datetime.now(UTC) - timedelta(hours=2)
    token = create_token(s, sub="c1", role="creator", ttl=60, now=past)
    with pytest.raises(AuthError, match="expired"):
        verify_token(s, token)


def test_a_token_just_past_expiry_is_accepted_within_the_leeway() -> None:
    s = hs_settings(jwt_leeway_s=30)
    token = jwt.encode(claims(exp=datetime.now(UTC) - timedelta(seconds=5)), SECRET, "HS256")
    assert verify_token(s, token).sub == "c1"


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = jwt.encode(claims(), "another-secret-that-is-also-long-enough!!", "HS256")
    with pytest.raises(AuthError, match="signature"):
        verify_token(hs_settings(), token)


@pytest.mark.parametrize("missing", ["sub", "role", "exp"])
def test_a_token_without_a_required_claim_is_refused(missing: str) -> None:
    body = claims()
    body.pop(missing)
    token = jwt.encode(body, SECRET, "HS256")
    with pytest.raises(AuthError):
        verify_token(hs_settings(), token)


@pytest.mark.parametrize("role", ["admin", "", "Operator", None, 1])
def test_a_token_with_an_unknown_role_is_refused(role: object) -> None:
    body = claims()
    body["role"] = role
    token = jwt.encode(body, SECRET, "HS256")
    with pytest.raises(AuthError, match="role"):
        verify_token(hs_settings(), token)


@pytest.mark.parametrize("sub", ["", "   ", "x" * 65, 42])
def test_a_token_with_a_bad_subject_is_refused(sub: object) -> None:
    token = hand_made("HS256", {"sub": sub, "role": "creator"}, SECRET.encode())
    with pytest.raises(AuthError):
        verify_token(hs_settings(), token)


def test_an_unsigned_alg_none_token_is_refused() -> None:
    token = hand_made("none", {"sub": "c1", "role": "operator"}, None)
    with pytest.raises(AuthError, match="algorithm"):
        verify_token(hs_settings(), token)


def test_a_token_with_an_algorithm_we_do_not_use_is_refused() -> None:
    token = jwt.encode(claims(), SECRET * 2, "HS512")
    with pytest.raises(AuthError, match="algorithm"):
        verify_token(hs_settings(), token)


@pytest.mark.parametrize("garbage", ["", "abc", "a.b.c", "Bearer x", "." * 3, "é.é.é", "x" * 9000])
def test_malformed_tokens_are_refused_with_an_auth_error(garbage: str) -> None:
    with pytest.raises(AuthError):
        verify_token(hs_settings(), garbage)


def test_an_rs256_token_verifies_against_the_public_key_file(rsa_files: RsaFiles) -> None:
    s = Settings(jwt_public_key_file=rsa_files.public_file)
    token = jwt.encode(claims(role="operator"), rsa_files.private_pem, "RS256")
    assert verify_token(s, token) == Principal(sub="c1", role="operator")


def test_an_rs256_token_signed_by_an_untrusted_key_is_refused(rsa_files: RsaFiles) -> None:
    s = Settings(jwt_public_key_file=rsa_files.public_file)
    token = jwt.encode(claims(), rsa_files.other_private_pem, "RS256")
    with pytest.raises(AuthError, match="signature"):
        verify_token(s, token)


def test_an_hs256_token_signed_with_the_public_key_is_refused(rsa_files: RsaFiles) -> None:
    """Algorithm confusion: the attacker knows the public key and uses it as an HMAC secret."""
    s = Settings(jwt_public_key_file=rsa_files.public_file)
    token = hand_made("HS256", {"sub": "c1", "role": "operator"}, rsa_files.public_pem)
    with pytest.raises(AuthError, match="algorithm"):
        verify_token(s, token)


def test_algorithm_confusion_fails_even_when_a_secret_is_also_configured(
    rsa_files: RsaFiles,
) -> None:
    s = hs_settings(jwt_public_key_file=rsa_files.public_file)
    token = hand_made("HS256", {"sub": "c1", "role": "operator"}, rsa_files.public_pem)
    with pytest.raises(AuthError, match="signature"):
        verify_token(s, token)


def test_an_hs256_token_is_refused_when_only_rs256_is_configured(rsa_files: RsaFiles) -> None:
    s = Settings(jwt_public_key_file=rsa_files.public_file)
    with pytest.raises(AuthError, match="algorithm"):
        verify_token(s, jwt.encode(claims(), SECRET, "HS256"))


def test_the_jwks_key_is_chosen_by_kid(rsa_files: RsaFiles) -> None:
    s = Settings(jwt_jwks_file=rsa_files.jwks_file)
    token = jwt.encode(claims(), rsa_files.private_pem, "RS256", headers={"kid": "main"})
    assert verify_token(s, token).sub == "c1"


def test_a_jwks_token_naming_an_unknown_kid_is_refused(rsa_files: RsaFiles) -> None:
    s = Settings(jwt_jwks_file=rsa_files.jwks_file)
    token = jwt.encode(claims(), rsa_files.private_pem, "RS256", headers={"kid": "nope"})
    with pytest.raises(AuthError, match="unknown key"):
        verify_token(s, token)


def test_a_jwks_encryption_key_is_never_used_to_verify(rsa_files: RsaFiles) -> None:
    s = Settings(jwt_jwks_file=rsa_files.jwks_file)
    token = jwt.encode(
        claims(), rsa_files.other_private_pem, "RS256", headers={"kid": "encryption-only"}
    )
    with pytest.raises(AuthError, match="unknown key"):
        verify_token(s, token)


def test_rs256_tokens_can_be_signed_with_the_configured_private_key(rsa_files: RsaFiles) -> None:
    s = Settings(
        jwt_private_key_file=rsa_files.private_file,
        jwt_jwks_file=rsa_files.jwks_file,
        jwt_key_id="main",
    )
    token = create_token(s, sub="c9", role="creator", ttl=parse_ttl("1h"))
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT", "kid": "main"}
    assert verify_token(s, token).sub == "c9"


def test_issuer_and_audience_are_enforced_when_configured() -> None:
    s = hs_settings(jwt_issuer="https://idp.example", jwt_audience="hackoclock")
    good = create_token(s, sub="c1", role="creator", ttl=60)
    assert verify_token(s, good).sub == "c1"
    with pytest.raises(AuthError):
        verify_token(s, jwt.encode(claims(), SECRET, "HS256"))  # no iss/aud


def test_verifying_without_any_key_configured_says_so() -> None:
    with pytest.raises(AuthNotConfigured, match="no JWT secret"):
        verify_token(Settings(), jwt.encode(claims(), SECRET, "HS256"))


def test_a_short_secret_is_refused_as_configuration() -> None:
    with pytest.raises(AuthNotConfigured, match="at least 32"):
        create_token(Settings(jwt_secret=SecretStr("short")), sub="c", role="creator", ttl=60)


def test_demo_mode_signs_and_verifies_with_the_demo_secret() -> None:
    s = Settings(demo_mode=True)
    token = create_token(s, sub="c1", role="creator", ttl=60)
    assert verify_token(s, token).sub == "c1"
    with pytest.raises(AuthError):
        verify_token(hs_settings(), token)


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1h", 3600), ("7d", 604800)]
)
def test_ttl_text_is_parsed_into_a_duration(text: str, seconds: int) -> None:
    assert parse_ttl(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "0", "-5m", "1y", "h", "1.5h"])
def test_bad_ttl_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="bad TTL"):
        parse_ttl(text)


def test_creating_a_token_for_an_unknown_role_is_refused() -> None:
    with pytest.raises(AuthError, match="role"):
        create_token(hs_settings(), sub="c1", role="admin", ttl=60)  # type: ignore[arg-type]
