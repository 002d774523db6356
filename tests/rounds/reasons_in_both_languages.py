#!/usr/bin/env python3
"""Every `assumed` and `assumed number` reason of the real rounds is written in Vietnamese and in
English (`assumed "..." / "..."`, docs/language.md §2.10): a council reads the reasons in its
dossier text, in either language. Exit 1 naming each reason with one language only."""
import pathlib, re, sys

root = pathlib.Path(sys.argv[1])
start = re.compile(r'(?:assumed number|assumed|giả định số hiệu|giả định) "(?:[^"\\]|\\.)*"\s*(/\s*"(?:[^"\\]|\\.)*")?')
problems = 0
for path in sorted(root.glob('decrees/vn/**/*.decree')):
    text = path.read_text(encoding='utf-8')
    for m in start.finditer(text):
        if m.group(1) is None:
            line = text.count('\n', 0, m.start()) + 1
            print(f'{path.relative_to(root)}:{line}: a reason in one language only: {m.group(0)[:80]}')
            problems += 1
print(f'{problems} reason(s) in one language only')
sys.exit(1 if problems else 0)
