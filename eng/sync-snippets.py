#!/usr/bin/env python3
"""Rewrites every `<!-- snippet: NAME -->` C# block of README.md and docs/*.md from its compiled #region NAME in samples/ or
tests/Geonode.Scraper.IntegrationTests (with the file's #region usings, as ReadmeSnippetsTests shows them). Developer tool:
run it after changing a region, review the diff. Package READMEs (PACKAGE.md) have no markers and are edited by hand."""
import glob, os, re, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
region_re = re.compile(r'#region (?P<name>\S+)\r?\n(?P<body>.*?)\r?\n\s*#endregion', re.S)
snippet_re = re.compile(r'(<!-- snippet: (?P<name>\S+) -->\r?\n```csharp\r?\n)(?P<body>.*?)(```)', re.S)

def dedent(body):
    lines = body.replace('\r\n', '\n').strip('\n').split('\n')
    indent = min(len(l) - len(l.lstrip()) for l in lines if l.strip())
    return '\n'.join(l[indent:] if len(l) >= indent else l.lstrip() for l in lines).rstrip()

regions = {}
for d in ('samples', 'tests/Geonode.Scraper.IntegrationTests'):
    for f in glob.glob(os.path.join(root, d, '**', '*.cs'), recursive=True):
        if f'{os.sep}obj{os.sep}' in f:
            continue
        text = open(f, encoding='utf-8').read()
        matches = list(region_re.finditer(text))
        usings = next((dedent(m.group('body')) for m in matches if m.group('name') == 'usings'), None)
        for m in matches:
            if m.group('name') != 'usings':
                body = dedent(m.group('body'))
                regions[m.group('name')] = body if usings is None else usings + '\n\n' + body

changed = 0
missing = []
for page in [os.path.join(root, 'README.md')] + sorted(glob.glob(os.path.join(root, 'docs', '*.md'))):
    text = open(page, encoding='utf-8').read()
    def repl(m):
        name = m.group('name')
        if name not in regions:
            missing.append(f'{os.path.relpath(page, root)}: {name}')
            return m.group(0)
        return m.group(1) + regions[name] + '\n' + m.group(4)
    new = snippet_re.sub(repl, text)
    if new != text:
        open(page, 'w', encoding='utf-8').write(new)
        changed += 1
        print('updated', os.path.relpath(page, root))
for m in missing:
    print('no region for snippet', m, file=sys.stderr)
sys.exit(1 if missing else 0)
