"""Screenshots of the main pages at desktop and phone widths, in English and French.

Run against a server started by ``make run``:
``.venv/bin/python docs/screenshots.py [--base http://127.0.0.1:8000] [--out var/screenshots]``.
It signs in as a demo person, so ``manage.py demo`` must have run. With ``--readme`` it
also refreshes docs/screenshot.png, the picture in the README.
"""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = {"desktop": (1280, 860), "phone": (360, 760)}
PAGES = {
    "home": "/",
    "directory": "/people/",
    "directory-search": "/people/?q=support",
    "profile": "/people/2/",
    "profile-edit": "/people/me/edit/",
    "security": "/accounts/email/",
    "mfa": "/accounts/2fa/",
}
ANONYMOUS_PAGES = {"login": "/accounts/login/", "signup": "/accounts/signup/"}


def sign_in(page, base, email, password):
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(base + "/")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="var/screenshots")
    parser.add_argument("--email", default="chloe.dubois@demo.rse.test")
    parser.add_argument("--password", default="rse-demo-2026")
    parser.add_argument("--readme", action="store_true")
    parser.add_argument("--only", nargs="*", default=None)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for width_name, (width, height) in WIDTHS.items():
                for lang in ("en", "fr"):
                    if scheme == "dark" and lang == "fr":
                        continue
                    context = browser.new_context(
                        viewport={"width": width, "height": height},
                        color_scheme=scheme,
                        locale=lang,
                        extra_http_headers={"Accept-Language": lang},
                    )
                    page = context.new_page()
                    for name, path in ANONYMOUS_PAGES.items():
                        if args.only and name not in args.only:
                            continue
                        page.goto(args.base + path)
                        page.screenshot(
                            path=out / f"{name}-{width_name}-{lang}-{scheme}.png", full_page=True
                        )
                    sign_in(page, args.base, args.email, args.password)
                    # The person's own language wins; switch it through the profile form.
                    page.goto(args.base + "/people/me/edit/")
                    page.select_option("select[name=language]", lang)
                    page.click("form.form button[type=submit]")
                    for name, path in PAGES.items():
                        if args.only and name not in args.only:
                            continue
                        page.goto(args.base + path)
                        page.screenshot(
                            path=out / f"{name}-{width_name}-{lang}-{scheme}.png", full_page=True
                        )
                    if (
                        args.readme
                        and scheme == "light"
                        and width_name == "desktop"
                        and lang == "en"
                    ):
                        page.goto(args.base + "/people/?q=paris")
                        page.screenshot(path="docs/screenshot.png")
                    context.close()
        browser.close()


if __name__ == "__main__":
    main()
