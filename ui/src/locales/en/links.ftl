# The dialog every link in a message opens through: where it really leads, and why Parley
# is careful with it.

links-checking = Checking link…
links-title-block = This link cannot be opened
links-title-warn = This link may not be what it seems
links-title-open = Open this link?
# Before the registrable domain (e.g. "example.org").
links-site = Site:
links-full-address = Full address
# An international domain name as it looks, and as the network sees it.
links-as-displayed = As displayed
links-real-name = Real name (punycode)
links-reasons = Why Parley is careful with this link
links-in-app = Matrix links open inside Parley, never in a browser.
links-understand = I understand the risks and want to open this link
links-copy = Copy link
links-copied = Link copied.
links-copy-unavailable = Copying is not available here: select the address above and copy it.
links-open = Open in browser
