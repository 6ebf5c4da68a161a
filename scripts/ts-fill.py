#!/usr/bin/env python3
"""Fills unfinished messages of Qt .ts files from a JSON table, after
`cmake --build build --target baton-admin_lupdate` added new strings.

  scripts/ts-fill.py TABLE.json translations/baton_zh_CN.ts translations/baton_zh_TW.ts

TABLE: {"<source text>": {"zh_CN": "...", "zh_TW": "..."}}; a numerus
message (%n) takes one string, used for its single plural form (Chinese has
one). Lists what is still unfinished afterwards; exit 1 if anything is.
Plain text replacement on purpose: the files keep lupdate's own layout.
"""
import html
import json
import re
import sys


def main():
    table = json.load(open(sys.argv[1], encoding="utf-8"))
    missing = 0
    for path in sys.argv[2:]:
        lang = re.search(r"_(zh_[A-Z]{2})\.ts$", path).group(1)
        text = open(path, encoding="utf-8").read()

        def fill(m):
            nonlocal missing
            source = html.unescape(m.group(2))
            entry = table.get(source, {}).get(lang)
            if entry is None:
                missing += 1
                print("%s: untranslated: %s" % (path, source))
                return m.group(0)
            value = html.escape(entry, quote=False)
            if m.group(1):   # numerus
                return m.group(0).replace(m.group(3), '<translation>\n            <numerusform>%s</numerusform>\n        </translation>' % value)
            return m.group(0).replace(m.group(3), "<translation>%s</translation>" % value)

        # One message at a time: (?:(?!</message>).)*? never runs into the next one.
        text = re.sub(r'<message( numerus="yes")?>\s*<source>((?:(?!</message>).)*?)</source>(?:(?!</message>).)*?'
                      r'(<translation type="unfinished">(?:(?!</message>).)*?</translation>|<translation type="unfinished"/>)',
                      fill, text, flags=re.S)
        open(path, "w", encoding="utf-8").write(text)
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
