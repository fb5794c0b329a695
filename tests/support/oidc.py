"""A real OpenID Connect provider on a free port (oidc-provider-mock), strict about PKCE like Entra ID.

The mock issues RS256-signed ID tokens, checks registered clients' secrets and redirect URIs, and
lets a test choose who signs in (`sub`) and with which claims. It does not check PKCE itself, so a
thin WSGI layer in front refuses an authorization without an S256 challenge and a token request
whose verifier does not match; it can also spoil ID tokens, as an attacker in the middle would.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
import werkzeug.serving
from oidc_provider_mock import app as provider_app

from tests.support.ports import free_port


def s256(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


@dataclass
class PkceGuard:
    """WSGI middleware: PKCE (S256) is required and checked; ID tokens can be spoiled on purpose."""

    inner: Callable[..., Iterable[bytes]]
    challenges: dict[str, str] = field(default_factory=dict)
    spoil_id_token: bool = False
    announced_issuer: str | None = None  # when set, discovery names this issuer instead of the real one
    # Like Feide: the ID token carries no email (the scope is dropped), userinfo adds these claims.
    userinfo_only: dict[str, Any] | None = None
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "")
        query = parse_qs(environ.get("QUERY_STRING", ""))
        if path == "/oauth2/authorize" and self.userinfo_only is not None and "scope" in query:
            query["scope"] = [" ".join(s for s in query["scope"][0].split() if s != "email")]
            environ["QUERY_STRING"] = urlencode(query, doseq=True)
        if path == "/userinfo" and self.userinfo_only is not None:
            document = json.loads(b"".join(self.inner(environ, lambda *_args: None)))
            return _json(start_response, "200 OK", {**document, **self.userinfo_only})
        if path == "/oauth2/authorize":
            if query.get("code_challenge_method") != ["S256"] or not query.get("code_challenge"):
                return _json(start_response, "400 Bad Request", {"error": "invalid_request",
                                                                 "error_description": "PKCE S256 required"})
            if method == "POST":
                return self._remember_challenge(environ, start_response, query["code_challenge"][0])
        if path == "/oauth2/token" and method == "POST":
            return self._check_verifier(environ, start_response)
        if path == "/.well-known/openid-configuration" and self.announced_issuer:
            document = json.loads(b"".join(self.inner(environ, lambda *_args: None)))
            return _json(start_response, "200 OK", {**document, "issuer": self.announced_issuer})
        return self.inner(environ, start_response)

    def _remember_challenge(self, environ: dict[str, Any], start_response: Callable[..., Any],
                            challenge: str) -> Iterable[bytes]:
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["headers"] = headers
            return start_response(status, headers, exc_info)

        body = list(self.inner(environ, capture))  # the app may call start_response only when iterated
        location = dict(captured.get("headers", [])).get("Location", "")
        code = parse_qs(urlsplit(location).query).get("code")
        if code:
            self.challenges[code[0]] = challenge
        return body

    def _check_verifier(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(raw)
        form = parse_qs(raw.decode())
        self.token_requests.append(form)
        code, verifier = form.get("code", [""])[0], form.get("code_verifier", [""])[0]
        if self.challenges.pop(code, None) != s256(verifier):
            return _json(start_response, "400 Bad Request", {"error": "invalid_grant",
                                                             "error_description": "PKCE verification failed"})
        if not self.spoil_id_token:
            return self.inner(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured.update(status=status, headers=headers)
            return lambda _data: None

        token = json.loads(b"".join(self.inner(environ, capture)))
        header, payload, signature = token["id_token"].split(".")
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        claims["email"] = "someone.else@teater.no"  # the signature no longer matches
        token["id_token"] = ".".join([header, base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=")
                                     .decode(), signature])
        return _json(start_response, captured["status"], token)


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


@dataclass
class Provider:
    """The running provider: its issuer, one registered client, and ways to set people's claims."""

    issuer: str
    guard: PkceGuard
    client_id: str = ""
    client_secret: str = ""

    def register_client(self, redirect_uri: str) -> None:
        response = requests.post(f"{self.issuer}/oauth2/clients", json={"redirect_uris": [redirect_uri]}, timeout=10)
        response.raise_for_status()
        self.client_id, self.client_secret = response.json()["client_id"], response.json()["client_secret"]

    def set_person(self, sub: str, **claims: Any) -> None:
        """Who `sub` is at the provider: email, email_verified, groups..."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert response.status_code == 204, response.text


@contextmanager
def running_provider(token_lifetime: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    """Start the provider on a free port of localhost and stop it afterwards."""
    guard = PkceGuard(provider_app(require_client_registration=True, require_nonce=True,
                                   access_token_max_age=token_lifetime))
    port = free_port()
    server = werkzeug.serving.make_server("localhost", port, guard, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield Provider(f"http://localhost:{port}", guard)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
