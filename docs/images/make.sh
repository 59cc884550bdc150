#!/bin/sh
# Regenerate the pictures of docs/outputs.md from drafts/aomori-dx.
# Needs: planrev (with WeasyPrint), pdftoppm (poppler-utils), chromium, soffice (LibreOffice Writer, Calc)
# and the playwright Python package (it drives the system chromium; no `playwright install`).
set -eu
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
planrev handout drafts/aomori-dx --out "$work" >/dev/null
images=docs/images
pdftoppm -r 70 -png -f 2 -l 2 -singlefile "$work/redline.pdf" "$images/redline-pdf"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/redline.pdf" "$images/redline-pdf-structure"
pdftoppm -r 70 -png -f 2 -l 2 -singlefile "$work/clean.pdf" "$images/clean-pdf"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/table.pdf" "$images/table-pdf"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/responses.pdf" "$images/responses-pdf"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
  --window-size=900,1200 --screenshot="$images/redline-html.png" "file://$work/redline.html" \
  >/dev/null 2>&1
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
  --outdir "$work/calc" "$work/responses.xlsx" >/dev/null 2>&1
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
  --outdir "$work/word" "$work/redline.docx" "$work/redline-tracked.docx" >/dev/null 2>&1
pdftoppm -r 70 -png -f 2 -l 2 -singlefile "$work/word/redline.pdf" "$images/word-redline"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/word/redline-tracked.pdf" "$images/word-tracked"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$work/calc/responses.pdf" "$images/responses-xlsx"
python3 - "$work/interactive.html" "$images/interactive.png" <<'PY'
import sys
from playwright.sync_api import sync_playwright

args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    page = browser.new_page(viewport={"width": 1300, "height": 850})
    page.goto("file://" + sys.argv[1])
    page.click('#panel [data-opinion="op-admin-1"]')
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=sys.argv[2])
    browser.close()
PY
echo "pictures written to $images"
