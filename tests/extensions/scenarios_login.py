"""Flask-Login: login_required redirects, login with remember-me, the session
restored from the remember cookie, logout."""

from __future__ import annotations

import typing as t

import flask
from flask_login import (
    LoginManager,
    UserMixin,
    current_user,
    login_required,
    login_user,
    logout_user,
)
from support import cookie_cleared, cookie_names, summary

USERS = {"ada": "Ada Lovelace", "alan": "Alan Turing"}


class User(UserMixin):
    def __init__(self, user_id: str) -> None:
        self.id = user_id
        self.name = USERS[user_id]


def make_app() -> flask.Flask:
    app = flask.Flask(__name__)
    app.config.update(SECRET_KEY="login-secret", TESTING=True)
    manager = LoginManager(app)
    manager.login_view = "login"

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        return User(user_id) if user_id in USERS else None

    @app.route("/login", methods=["GET", "POST"])
    def login() -> t.Any:
        if flask.request.method == "GET":
            return f"login page, next={flask.request.args.get('next')}"
        user = User(flask.request.form["user"])
        login_user(user, remember=flask.request.form.get("remember") == "1")
        return flask.redirect(flask.request.args.get("next") or "/private")

    @app.route("/private")
    @login_required
    def private() -> str:
        return f"hello {current_user.name}"

    @app.route("/whoami")
    def whoami() -> dict[str, t.Any]:
        return {
            "authenticated": current_user.is_authenticated,
            "anonymous": current_user.is_anonymous,
            "id": current_user.get_id(),
        }

    @app.route("/logout")
    def logout() -> str:
        logout_user()
        return "bye"

    return app


def scenario_login_required_redirect() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.get("/private")
    assert response.status_code == 302
    followed = client.get("/private", follow_redirects=True)
    return {
        "anonymous": client.get("/whoami").get_json(),
        "redirect": summary(response, "Location", body=False),
        "followed": summary(followed),
    }


def scenario_login_then_private() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.post("/login?next=/private", data={"user": "ada"})
    assert response.status_code == 302
    private = client.get("/private")
    assert private.get_data(as_text=True) == "hello Ada Lovelace"
    return {
        "login": summary(response, "Location", body=False),
        "cookies": cookie_names(response),
        "private": summary(private),
        "whoami": client.get("/whoami").get_json(),
    }


def scenario_remember_me_restores_session() -> dict[str, t.Any]:
    app = make_app()
    client = app.test_client()
    response = client.post("/login", data={"user": "alan", "remember": "1"})
    remember = client.get_cookie("remember_token")
    assert remember is not None, "no remember cookie"
    # A new browser session: only the remember cookie is left.
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value)
    private = fresh.get("/private")
    assert private.status_code == 200, private.status_code
    return {
        "login_cookies": sorted(cookie_names(response)),
        "remember_value_is_id": remember.value.split("|")[0],
        "restored": summary(private),
        "restored_cookies": cookie_names(private),
        "whoami": fresh.get("/whoami").get_json(),
    }


def scenario_without_remember_no_cookie() -> dict[str, t.Any]:
    client = make_app().test_client()
    response = client.post("/login", data={"user": "alan"})
    return {"cookies": cookie_names(response)}


def scenario_logout() -> dict[str, t.Any]:
    client = make_app().test_client()
    client.post("/login", data={"user": "ada", "remember": "1"})
    assert client.get("/private").status_code == 200
    response = client.get("/logout")
    after = client.get("/private")
    assert after.status_code == 302
    return {
        "logout": summary(response),
        "remember_cleared": cookie_cleared(response, "remember_token"),
        "after": summary(after, "Location", body=False),
        "whoami": client.get("/whoami").get_json(),
    }


def scenario_tampered_remember_cookie_is_ignored() -> dict[str, t.Any]:
    app = make_app()
    client = app.test_client()
    client.post("/login", data={"user": "alan", "remember": "1"})
    remember = client.get_cookie("remember_token")
    assert remember is not None
    fresh = app.test_client()
    fresh.set_cookie("remember_token", remember.value.replace("alan", "ada"))
    return {"private": summary(fresh.get("/private"), "Location", body=False)}


def scenario_request_loader_and_unauthorized() -> dict[str, t.Any]:
    from flask_login import user_loaded_from_request, user_logged_in

    app = flask.Flask(__name__)
    app.config["SECRET_KEY"] = "x"
    manager = LoginManager(app)
    seen: list[str] = []

    @manager.request_loader
    def from_header(request: t.Any) -> User | None:
        key = request.headers.get("X-Api-Key")
        return User(key) if key in USERS else None

    @manager.unauthorized_handler
    def unauthorized() -> t.Any:
        return {"error": "login required"}, 401

    @app.route("/api")
    @login_required
    def api() -> dict[str, t.Any]:
        return {"user": current_user.name}

    @app.route("/login/<user_id>")
    def login(user_id: str) -> str:
        login_user(User(user_id))
        return "in"

    def on_login(sender: t.Any, user: t.Any, **extra: t.Any) -> None:
        seen.append(f"logged_in:{user.id}")

    def on_request(sender: t.Any, user: t.Any, **extra: t.Any) -> None:
        seen.append(f"from_request:{user.id}")

    client = app.test_client()
    with (
        user_logged_in.connected_to(on_login, app),
        user_loaded_from_request.connected_to(on_request, app),
    ):
        anonymous = client.get("/api")
        keyed = client.get("/api", headers={"X-Api-Key": "alan"})
        client.get("/login/ada")
    return {
        "anonymous": summary(anonymous),
        "keyed": summary(keyed),
        "signals": seen,
    }


def scenario_no_login_view_gives_401() -> dict[str, t.Any]:
    app = flask.Flask(__name__)
    app.config["SECRET_KEY"] = "x"
    LoginManager(app).user_loader(lambda user_id: None)

    @app.route("/private")
    @login_required
    def private() -> str:
        return "secret"

    response = app.test_client().get("/private")
    assert response.status_code == 401
    return summary(response, "Content-Type")
