"""URL rules, converters, matching and building with Werkzeug's semantics.

Split as ``werkzeug.routing`` is: ``exceptions``, ``converters``, ``rules``
(rule parsing and building), ``matcher`` (the state machine) and ``map``
(``Map`` and ``MapAdapter``); and, to keep each module small, ``factories``
(``Submount``, ``Subdomain``, ...), ``hosts`` (reading a request's server name
and subdomain), ``building`` (the adapter's URL building) and ``binding`` (the
adapter Flask binds to each request).

Entry points for other routers sharing a map (the Bottle host): ``Map.add``
(a rule or a rule factory), ``Map.match(path, method, domain_part=None)`` (no
adapter needed; a redirect carries the path), ``Map.bind`` /
``Map.bind_to_environ`` and ``MapAdapter.match`` / ``build`` /
``allowed_methods``.

Bottle's router is not used for Flask's rules, on purpose: it matches routes of
one method before looking at other methods, tries dynamic routes in
registration order and knows nothing of strict slashes. Flask's priority rules
(static before dynamic per segment, then converter weight, whatever the
registration order; 405 only when the URL matches with another method; 308 to the
slash-ended URL) need the segment-wise matcher Werkzeug uses.
"""

from __future__ import annotations

from .binding import RequestMapAdapter as RequestMapAdapter
from .converters import DEFAULT_CONVERTERS as DEFAULT_CONVERTERS
from .converters import AnyConverter as AnyConverter
from .converters import BaseConverter as BaseConverter
from .converters import FloatConverter as FloatConverter
from .converters import IntegerConverter as IntegerConverter
from .converters import NumberConverter as NumberConverter
from .converters import PathConverter as PathConverter
from .converters import UnicodeConverter as UnicodeConverter
from .converters import UUIDConverter as UUIDConverter
from .converters import ValidationError as ValidationError
from .converters import parse_converter_args as parse_converter_args
from .exceptions import BuildError as BuildError
from .exceptions import NoMatch as NoMatch
from .exceptions import RequestAliasRedirect as RequestAliasRedirect
from .exceptions import RequestPath as RequestPath
from .exceptions import RequestRedirect as RequestRedirect
from .exceptions import RoutingException as RoutingException
from .factories import EndpointPrefix as EndpointPrefix
from .factories import RuleTemplate as RuleTemplate
from .factories import RuleTemplateFactory as RuleTemplateFactory
from .factories import Subdomain as Subdomain
from .factories import Submount as Submount
from .map import Map as Map
from .map import MapAdapter as MapAdapter
from .matcher import StateMachineMatcher as StateMachineMatcher
from .rules import Rule as Rule
from .rules import RuleFactory as RuleFactory
