"""Conformance: class-based views - ``View`` (``as_view``, ``methods``,
``decorators``, ``provide_automatic_options``, ``init_every_request``) and
``MethodView`` (methods derived from the handlers, inheritance, ``HEAD``
falling back to ``get``, 405 for other methods)."""

from __future__ import annotations

import importlib
import types
import typing as t

import pytest

view_api = pytest.mark.api("views.View")
method_view_api = pytest.mark.api("views.MethodView")


@pytest.fixture
def views(impl: t.Any) -> types.ModuleType:
    """``flask.views`` or ``flaskcompat.views``."""
    return importlib.import_module(f"{impl.name}.views")


def _allow(response: t.Any) -> list[str]:
    return sorted(m.strip() for m in response.headers["Allow"].split(","))


def _get_post_only(client: t.Any) -> None:
    assert client.get("/").data == b"GET"
    assert client.post("/").data == b"POST"
    assert client.put("/").status_code == 405
    assert _allow(client.options("/")) == ["GET", "HEAD", "OPTIONS", "POST"]


# -- View ---------------------------------------------------------------------------


@view_api
def test_basic_view(impl: t.Any, views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.View):  # type: ignore[misc,name-defined]
        methods = ["GET", "POST"]

        def dispatch_request(self) -> str:
            return impl.request.method  # type: ignore[no-any-return]

    app.add_url_rule("/", view_func=Index.as_view("index"))
    _get_post_only(client)


@view_api
def test_as_view_attributes(views: t.Any) -> None:
    class Greeting(views.View):  # type: ignore[misc,name-defined]
        """Says hello."""

        methods = ["GET"]
        provide_automatic_options = False

        def dispatch_request(self) -> str:
            return "hi"

    view = Greeting.as_view("greet")
    assert view.__name__ == "greet"
    assert view.__doc__ == "Says hello."
    assert view.__module__ == __name__
    assert view.view_class is Greeting
    assert view.methods == ["GET"]
    assert view.provide_automatic_options is False
    plain = views.View.as_view("plain")
    assert plain.methods is None
    assert plain.provide_automatic_options is None
    assert views.View.decorators == []
    assert views.View.init_every_request is True
    assert views.http_method_funcs == frozenset(
        ["get", "post", "head", "options", "delete", "put", "trace", "patch"]
    )


@view_api
def test_dispatch_request_not_implemented(views: t.Any, app: t.Any) -> None:
    app.add_url_rule("/", view_func=views.View.as_view("index"))
    with pytest.raises(NotImplementedError):
        app.test_client().get("/")


@view_api
def test_url_variables_and_class_arguments(
    views: t.Any, app: t.Any, client: t.Any
) -> None:
    class Hello(views.View):  # type: ignore[misc,name-defined]
        def __init__(self, greeting: str, *, punctuation: str = ".") -> None:
            self.greeting = greeting
            self.punctuation = punctuation

        def dispatch_request(self, name: str, n: int) -> str:
            return f"{self.greeting}, {name} #{n}{self.punctuation}"

    app.add_url_rule(
        "/hello/<name>/<int:n>",
        view_func=Hello.as_view("hello", "Hi", punctuation="!"),
    )
    assert client.get("/hello/ada/3").data == b"Hi, ada #3!"
    with app.test_request_context():
        assert app.url_for("hello", name="x", n=1) == "/hello/x/1"


@view_api
def test_view_decorators(impl: t.Any, views: t.Any, app: t.Any, client: t.Any) -> None:
    names: list[str] = []

    def add_x_parachute(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        names.append(f.__name__)

        def new_function(*args: t.Any, **kwargs: t.Any) -> t.Any:
            resp = impl.make_response(f(*args, **kwargs))
            resp.headers["X-Parachute"] = "awesome"
            return resp

        return new_function

    def add_order(f: t.Callable[..., t.Any]) -> t.Callable[..., t.Any]:
        def new_function(*args: t.Any, **kwargs: t.Any) -> t.Any:
            resp = f(*args, **kwargs)
            resp.headers["X-Order"] = "outer"
            return resp

        return new_function

    class Index(views.View):  # type: ignore[misc,name-defined]
        decorators = [add_x_parachute, add_order]

        def dispatch_request(self) -> str:
            return "Awesome"

    view = Index.as_view("index")
    assert names == ["index"]
    assert view.__name__ == "index"
    app.add_url_rule("/", view_func=view)
    rv = client.get("/")
    assert rv.headers["X-Parachute"] == "awesome"
    assert rv.headers["X-Order"] == "outer"
    assert rv.data == b"Awesome"


@view_api
def test_provide_automatic_options_attr(impl: t.Any, views: t.Any) -> None:
    class Index1(views.View):  # type: ignore[misc,name-defined]
        provide_automatic_options = False

        def dispatch_request(self) -> str:
            return "Hello World!"

    app = impl.Flask(__name__)
    app.add_url_rule("/", view_func=Index1.as_view("index"))
    assert app.test_client().open("/", method="OPTIONS").status_code == 405

    class Index2(views.View):  # type: ignore[misc,name-defined]
        methods = ["OPTIONS"]
        provide_automatic_options = True

        def dispatch_request(self) -> str:
            return "Hello World!"

    app = impl.Flask(__name__)
    app.add_url_rule("/", view_func=Index2.as_view("index"))
    rv = app.test_client().open("/", method="OPTIONS")
    assert _allow(rv) == ["OPTIONS"]
    assert rv.data == b""

    class Index3(views.View):  # type: ignore[misc,name-defined]
        def dispatch_request(self) -> str:
            return "Hello World!"

    app = impl.Flask(__name__)
    app.add_url_rule("/", view_func=Index3.as_view("index"))
    assert "OPTIONS" in _allow(app.test_client().open("/", method="OPTIONS"))


@view_api
def test_endpoint_override(impl: t.Any, views: t.Any, app: t.Any) -> None:
    class Index(views.View):  # type: ignore[misc,name-defined]
        methods = ["GET", "POST"]

        def dispatch_request(self) -> str:
            return impl.request.method  # type: ignore[no-any-return]

    app.add_url_rule("/", view_func=Index.as_view("index"))
    with pytest.raises(AssertionError):
        app.add_url_rule("/", view_func=Index.as_view("index"))
    _get_post_only(app.test_client())


@view_api
def test_init_every_request(views: t.Any, app: t.Any, client: t.Any) -> None:
    inits: list[str] = []

    class CountInit(views.View):  # type: ignore[misc,name-defined]
        def __init__(self, label: str) -> None:
            inits.append(label)

        def dispatch_request(self) -> str:
            return str(len(inits))

    class InitOnce(CountInit):
        init_every_request = False

    app.add_url_rule("/every", view_func=CountInit.as_view("every", "every"))
    app.add_url_rule("/once", view_func=InitOnce.as_view("once", "once"))
    assert inits == ["once"]
    assert client.get("/every").data == b"2"
    assert client.get("/every").data == b"3"
    assert client.get("/once").data == b"3"
    assert client.get("/once").data == b"3"
    assert inits == ["once", "every", "every"]


@view_api
def test_view_patching(impl: t.Any, views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            raise ZeroDivisionError

        def post(self) -> str:
            raise ZeroDivisionError

    class Other(Index):
        def get(self) -> str:
            return "GET"

        def post(self) -> str:
            return "POST"

    view = Index.as_view("index")
    view.view_class = Other
    app.add_url_rule("/", view_func=view)
    _get_post_only(client)


@view_api
def test_async_dispatch(views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.View):  # type: ignore[misc,name-defined]
        async def dispatch_request(self, n: int) -> str:
            return f"async {n}"

    app.add_url_rule("/<int:n>", view_func=Index.as_view("index"))
    assert client.get("/7").data == b"async 7"


# -- MethodView ---------------------------------------------------------------------


@method_view_api
def test_method_based_view(views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            return "GET"

        def post(self) -> str:
            return "POST"

    assert Index.methods == {"GET", "POST"}
    app.add_url_rule("/", view_func=Index.as_view("index"))
    _get_post_only(client)


@method_view_api
def test_method_view_without_handlers(views: t.Any) -> None:
    class Empty(views.MethodView):  # type: ignore[misc,name-defined]
        pass

    assert Empty.methods is None
    assert views.MethodView.methods is None


@method_view_api
def test_view_inheritance(views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            return "GET"

        def post(self) -> str:
            return "POST"

    class BetterIndex(Index):
        def delete(self) -> str:
            return "DELETE"

    app.add_url_rule("/", view_func=BetterIndex.as_view("index"))
    assert _allow(client.options("/")) == ["DELETE", "GET", "HEAD", "OPTIONS", "POST"]
    assert client.delete("/").data == b"DELETE"


@method_view_api
def test_implicit_head(impl: t.Any, views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> t.Any:
            return impl.Response("Blub", headers={"X-Method": impl.request.method})

    assert Index.methods == {"GET"}
    app.add_url_rule("/", view_func=Index.as_view("index"))
    rv = client.get("/")
    assert rv.data == b"Blub"
    assert rv.headers["X-Method"] == "GET"
    rv = client.head("/")
    assert rv.data == b""
    assert rv.headers["X-Method"] == "HEAD"
    assert rv.headers["Content-Length"] == "4"


@method_view_api
def test_explicit_head(impl: t.Any, views: t.Any, app: t.Any, client: t.Any) -> None:
    class Index(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            return "GET"

        def head(self) -> t.Any:
            return impl.Response("", headers={"X-Method": "HEAD"})

    assert Index.methods == {"GET", "HEAD"}
    app.add_url_rule("/", view_func=Index.as_view("index"))
    assert client.get("/").data == b"GET"
    rv = client.head("/")
    assert rv.data == b""
    assert rv.headers["X-Method"] == "HEAD"


@method_view_api
def test_methods_var_inheritance(views: t.Any, app: t.Any, client: t.Any) -> None:
    class BaseView(views.MethodView):  # type: ignore[misc,name-defined]
        methods = ["GET", "PROPFIND"]

    class ChildView(BaseView):
        def get(self) -> str:
            return "GET"

        def propfind(self) -> str:
            return "PROPFIND"

    app.add_url_rule("/", view_func=ChildView.as_view("index"))
    assert client.get("/").data == b"GET"
    assert client.open("/", method="PROPFIND").data == b"PROPFIND"
    assert ChildView.methods == {"PROPFIND", "GET"}


@method_view_api
def test_multiple_inheritance(views: t.Any, app: t.Any, client: t.Any) -> None:
    class GetView(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            return "GET"

    class DeleteView(views.MethodView):  # type: ignore[misc,name-defined]
        def delete(self) -> str:
            return "DELETE"

    class GetDeleteView(GetView, DeleteView):
        pass

    app.add_url_rule("/", view_func=GetDeleteView.as_view("index"))
    assert client.get("/").data == b"GET"
    assert client.delete("/").data == b"DELETE"
    assert sorted(GetDeleteView.methods) == ["DELETE", "GET"]


@method_view_api
def test_remove_method_from_parent(views: t.Any, app: t.Any, client: t.Any) -> None:
    class GetView(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            return "GET"

    class OtherView(views.MethodView):  # type: ignore[misc,name-defined]
        def post(self) -> str:
            return "POST"

    class View(GetView, OtherView):
        methods = ["GET"]

    app.add_url_rule("/", view_func=View.as_view("index"))
    assert client.get("/").data == b"GET"
    assert client.post("/").status_code == 405
    assert sorted(View.methods) == ["GET"]


@method_view_api
def test_unimplemented_method(views: t.Any, app: t.Any, client: t.Any) -> None:
    class Partial(views.MethodView):  # type: ignore[misc,name-defined]
        methods = ["GET", "POST"]

        def get(self) -> str:
            return "GET"

    app.add_url_rule("/", view_func=Partial.as_view("index"))
    assert client.get("/").data == b"GET"
    assert client.patch("/").status_code == 405
    with pytest.raises(AssertionError, match="^Unimplemented method 'POST'$"):
        client.post("/")


@method_view_api
def test_unimplemented_method_is_500_when_not_testing(views: t.Any, app: t.Any) -> None:
    class Partial(views.MethodView):  # type: ignore[misc,name-defined]
        methods = ["GET", "POST"]

        def get(self) -> str:
            return "GET"

    app.testing = False
    app.logger.disabled = True
    app.add_url_rule("/", view_func=Partial.as_view("index"))
    assert app.test_client().post("/").status_code == 500


@method_view_api
def test_url_variables_and_async_methods(
    views: t.Any, app: t.Any, client: t.Any
) -> None:
    class Item(views.MethodView):  # type: ignore[misc,name-defined]
        init_every_request = False

        def get(self, item_id: int) -> dict[str, int]:
            return {"id": item_id}

        async def delete(self, item_id: int) -> tuple[str, int]:
            return "", 204

    app.add_url_rule("/items/<int:item_id>", view_func=Item.as_view("item"))
    assert client.get("/items/3").json == {"id": 3}
    assert client.delete("/items/3").status_code == 204


@pytest.mark.api("views.MethodView", "Blueprint")
def test_method_view_on_blueprint(
    impl: t.Any, views: t.Any, app: t.Any, client: t.Any
) -> None:
    bp = impl.Blueprint("api", __name__, url_prefix="/api")

    class Users(views.MethodView):  # type: ignore[misc,name-defined]
        def get(self) -> str:
            return impl.url_for(".users") + " " + impl.request.endpoint

        def post(self) -> tuple[str, int]:
            return "made", 201

    bp.add_url_rule("/users", view_func=Users.as_view("users"))
    app.register_blueprint(bp)
    assert client.get("/api/users").data == b"/api/users api.users"
    assert client.post("/api/users").status_code == 201
    assert client.put("/api/users").status_code == 405
