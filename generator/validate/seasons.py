"""Part of the validate stage: a series file's classes and seasons (which classes run each season),
and which seasons the series keeps (``max_seasons``)."""

from __future__ import annotations

from generator.fields import Fields
from generator.load import Mapping
from generator.model import Event, RaceClass, Season
from generator.validate.sessions import class_ids

CLASS_KEYS = (("id", "name"), ())


SEASON_KEYS = (("id", "name"), ("note", "sources", "classes"))


def newest_seasons(seasons: tuple[Season, ...], events: list[Event], keep: int | None) -> tuple[Season, ...]:
    if keep is None:
        return seasons
    with_events = [s for s in seasons if any(e.season == s for e in events)]
    dropped = set(with_events[:-keep]) if len(with_events) > keep else set()
    return tuple(s for s in seasons if s not in dropped)


def read_classes(fields: Fields, data: Mapping) -> dict[str, RaceClass]:
    classes: dict[str, RaceClass] = {}
    for index, raw in enumerate(fields.sequence(data, "classes", "", required=False)):
        where = f"classes[{index}]"
        item = fields.mapping(raw, where, *CLASS_KEYS)
        if item is None:
            continue
        class_id = fields.slug(item, "id", where, "a class id")
        name = fields.text(item, "name", where)
        if class_id in classes:
            fields.problem(
                fields.line_of(item, "id"),
                f"{where}.id",
                f"duplicate class id {class_id!r}; ids must be unique in a series",
            )
        elif class_id and name:
            classes[class_id] = RaceClass(class_id, name, fields.line_of(item, "id"))
    return classes


def read_seasons(fields: Fields, data: Mapping, classes: dict[str, RaceClass]) -> dict[str, Season]:
    seasons: dict[str, Season] = {}
    for index, raw in enumerate(fields.sequence(data, "seasons", "")):
        where = f"seasons[{index}]"
        season = fields.mapping(raw, where, *SEASON_KEYS)
        if season is None:
            continue
        season_id = fields.slug(season, "id", where, "a season id")
        if season_id in seasons:
            fields.problem(fields.line_of(season, "id"), f"{where}.id", f"duplicate season id {season_id!r}")
        elif season_id:
            seasons[season_id] = Season(
                id=season_id,
                name=fields.text(season, "name", where),
                note=fields.text(season, "note", where, multiline=True, default=""),
                sources=fields.sources(season, "sources", where, required=False),
                classes=_season_classes(fields, season, where, classes),
            )
    return seasons


def _season_classes(
    fields: Fields, season: Mapping, where: str, classes: dict[str, RaceClass]
) -> tuple[RaceClass, ...]:
    if "classes" not in season:
        return tuple(classes.values())
    chosen = set(class_ids(fields, season, where, classes, classes, None))
    return tuple(one for one in classes.values() if one.id in chosen)
