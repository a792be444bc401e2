"""Flask-JWT-Extended: an access token from a login view, ``jwt_required`` ->
401 without it, 200 with it, 422 for a malformed one; tokens in cookies (two
Set-Cookie headers) with CSRF protection."""

from __future__ import annotations

import typing as t

import flask
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    get_jwt,
    get_jwt_identity,
    jwt_required,
    set_access_cookies,
    unset_jwt_cookies,
)
from support import cookie_names, summary


def make_app() -> flask.Flask:
    app = flask.Flask(__name__)
    app.config.update(
        JWT_SECRET_KEY="jwt-secret-key-of-at-least-32-bytes!",
        JWT_TOKEN_LOCATION=["headers", "cookies"],
    )
    JWTManager(app)

    @app.post("/login")
    def login() -> t.Any:
        user = flask.request.get_json()["user"]
        token = create_access_token(identity=user, additional_claims={"role": "admin"})
        return flask.jsonify(access_token=token)

    @app.post("/login-cookie")
    def login_cookie() -> t.Any:
        response = flask.jsonify(login=True)
        set_access_cookies(response, create_access_token(identity="cookie-user"))
        return response

    @app.post("/logout-cookie")
    def logout_cookie() -> t.Any:
        response = flask.jsonify(logout=True)
        unset_jwt_cookies(response)
        return response

    @app.route("/protected", methods=["GET", "POST"])
    @jwt_required()
    def protected() -> t.Any:
        return {"user": get_jwt_identity(), "role": get_jwt().get("role")}

    @app.get("/optional")
    @jwt_required(optional=True)
    def optional() -> t.Any:
        return {"user": get_jwt_identity()}

    return app


def scenario_access_token() -> dict[str, t.Any]:
    client = make_app().test_client()
    token = client.post("/login", json={"user": "ada"}).get_json()["access_token"]
    response = client.get("/protected", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return {"token_parts": token.count(".") + 1, "protected": summary(response)}


def scenario_jwt_required_401_without_token() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.get("/protected")
    assert response.status_code == 401
    return summary(response, "Content-Type")


def scenario_malformed_and_wrong_scheme() -> dict[str, t.Any]:
    client = make_app().test_client()
    malformed = client.get("/protected", headers={"Authorization": "Bearer not-a-jwt"})
    scheme = client.get("/protected", headers={"Authorization": "Basic abc"})
    return {"malformed": summary(malformed), "scheme": summary(scheme)}


def scenario_optional() -> dict[str, t.Any]:
    client = make_app().test_client()
    token = client.post("/login", json={"user": "alan"}).get_json()["access_token"]
    anonymous = client.get("/optional")
    known = client.get("/optional", headers={"Authorization": f"Bearer {token}"})
    return {"anonymous": summary(anonymous), "known": summary(known)}


def scenario_cookies_with_csrf() -> dict[str, t.Any]:
    client = make_app().test_client()
    login = client.post("/login-cookie")
    names = cookie_names(login)
    get = client.get("/protected")
    post_without_csrf = client.post("/protected")
    csrf = client.get_cookie("csrf_access_token")
    assert csrf is not None
    post_with_csrf = client.post("/protected", headers={"X-CSRF-TOKEN": csrf.value})
    logout = client.post("/logout-cookie")
    after = client.get("/protected")
    return {
        "login_cookies": names,
        "get": summary(get),
        "post_without_csrf": summary(post_without_csrf),
        "post_with_csrf": summary(post_with_csrf),
        "logout_cookies": cookie_names(logout),
        "after_logout": summary(after),
    }


def scenario_expired_token_and_custom_loader() -> dict[str, t.Any]:
    from datetime import timedelta

    app = make_app()
    jwt = app.extensions["flask-jwt-extended"]

    @jwt.expired_token_loader
    def expired(header: t.Any, payload: t.Any) -> t.Any:
        return {"expired_for": payload["sub"]}, 401

    client = app.test_client()
    with app.app_context():
        token = create_access_token("old", expires_delta=timedelta(seconds=-5))
    response = client.get("/protected", headers={"Authorization": f"Bearer {token}"})
    return summary(response)


def scenario_refresh_token() -> dict[str, t.Any]:
    from flask_jwt_extended import create_refresh_token

    app = make_app()

    @app.post("/refresh")
    @jwt_required(refresh=True)
    def refresh() -> t.Any:
        return {"new_for": get_jwt_identity()}

    client = app.test_client()
    with app.app_context():
        refresh_token = create_refresh_token("ada")
        access_token = create_access_token("ada")
    ok = client.post("/refresh", headers={"Authorization": f"Bearer {refresh_token}"})
    wrong = client.post("/refresh", headers={"Authorization": f"Bearer {access_token}"})
    return {"ok": summary(ok), "access_instead": summary(wrong)}
