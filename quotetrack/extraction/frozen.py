"""A faster ``__init__`` for the frozen, slotted dataclasses the extractor makes in bulk.

A frozen dataclass's generated ``__init__`` stores each field with
``object.__setattr__(self, name, value)``: the attribute is looked up on the class and
the call goes through the generic attribute path, some 1,400 machine instructions a
field. Sentences, quotes, mentions, speakers and the records are made tens of thousands
of times a corpus pass.

:func:`slot_init` gives a class an ``__init__`` with the generated one's signature
(names, order, defaults) that stores its fields one of two cheaper ways:

- through the slots' own setters (``Cls.field.__set__``): the same value in the same
  slot, about 730 instructions a field;
- for a class of :data:`_SWAP_FROM` fields or more, as a plain assignment
  (``self.field = value``, which the interpreter turns into a direct slot store, some
  180 instructions) on the instance while its class is, for the time of ``__init__``,
  an unfrozen twin of the same layout (the same slots, nothing else): ``__class__``
  assignment between the two costs about 2,000 instructions in all, which a few
  fields repay. An ``Attribution`` (30 fields) is then built in about 9,300
  instructions, not 23,600. Outside ``__init__`` the instance is of its own class,
  frozen as before.

A class it cannot reproduce exactly (a ``__post_init__``, a default factory,
keyword-only or non-init fields, no slots) keeps its own ``__init__``; one whose class
cannot be swapped (a base with fields of its own) uses the setters, as does an instance
of a subclass that inherits the ``__init__``.
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")

#: From how many fields the class swap beats the slots' setters (measured: at about 4).
_SWAP_FROM = 4


def slot_init(cls: type[T]) -> type[T]:
    """``cls`` with an ``__init__`` that stores its fields through its slots."""
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if (
        not getattr(cls, "__slots__", None)
        or hasattr(cls, "__post_init__")
        or any(
            not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING for f in fields
        )
    ):
        return cls
    env: dict[str, object] = {"_cls": cls, "_set_class": object.__setattr__}
    params, setters, stores = [], [], []
    for k, f in enumerate(fields):
        env[f"_set{k}"] = getattr(cls, f.name).__set__
        if f.default is dataclasses.MISSING:
            params.append(f.name)
        else:
            env[f"_default{k}"] = f.default
            params.append(f"{f.name}=_default{k}")
        setters.append(f"_set{k}(self, {f.name})")
        stores.append(f"self.{f.name} = {f.name}")
    twin = _unfrozen_twin(cls) if len(fields) >= _SWAP_FROM else None
    if twin is None:
        body = setters or ["pass"]
    else:
        env["_Twin"] = twin
        body = [
            "if type(self) is not _cls:  # a subclass's instance: its own layout",
            *(f"    {line}" for line in setters),
            "    return",
            '_set_class(self, "__class__", _Twin)  # stores below go straight to the slots',
            *stores,
            "self.__class__ = _cls",
        ]
    source = f"def __init__(self, {', '.join(params)}):\n" + "".join(f"    {b}\n" for b in body)
    exec(source, env)  # noqa: S102 - the source is built from the class's own field names
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"  # type: ignore[attr-defined]
    init.__doc__ = cls.__init__.__doc__  # type: ignore[misc]
    cls.__init__ = init  # type: ignore[misc]
    return cls


def _unfrozen_twin(cls: type) -> type | None:
    """A class with ``cls``'s slots and nothing else, whose instances ``cls``'s may be
    turned into and back (``__class__`` assignment); None when Python refuses the swap."""
    if cls.__bases__ != (object,):
        return None
    twin = type(f"_Unfrozen{cls.__name__}", (), {"__slots__": cls.__slots__})
    probe = object.__new__(cls)
    try:
        object.__setattr__(probe, "__class__", twin)
        probe.__class__ = cls
    except TypeError:
        return None
    return twin
