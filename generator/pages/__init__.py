"""Part of the render (HTML) stage: what the site's pages show, in each of its languages.

``i18n`` (the languages, their catalogs and Babel's dates), ``views`` (a
schedule page's seasons, events and sessions), ``cards`` (a feed's card on
the home page), ``upcoming`` (the home page's script data) and ``links``
(subscribe links) give plain records with display text made once, here, so
the templates only lay them out. Nothing here reads the clock.
"""
