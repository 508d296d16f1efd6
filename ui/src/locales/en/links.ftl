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

# Why a link is treated with care, one per reason code of Rust's link guard. English shows
# Rust's own sentence (it can be more specific); these word the same reason in the language
# chosen, with the details Rust names ($site, $target, $shown, $scheme, $port, $host, $chars).
link-reason-scheme_blocked = Links of the kind "{ $scheme }:" can run programs or reach files, so Parley never opens them.
link-reason-unparseable = This is not a link Parley can read.
link-reason-too_long = The link is very long, which can hide where it goes.
link-reason-invisible_characters = The link contains invisible characters that can disguise where it goes.
link-reason-control_characters = The link contains control characters (such as tabs or line breaks) that hide its real form.
link-reason-lookalike_slash = The address contains a character that only looks like a slash, to fake where the site name ends.
link-reason-credentials = The link carries a user name or password before the site name.
link-reason-deceptive_credentials = The part before "@" looks like a site name, but the link opens the site after it.
link-reason-ip_host = The link names a computer by its number instead of a site name.
link-reason-ip_host_obfuscated = The link hides a computer's number in an unusual form (it is really { $host }).
link-reason-non_default_port = The link uses an unusual port ({ $port }), which ordinary websites do not need.
link-reason-insecure_http = The page is not encrypted (http): others on the network can read or change it.
link-reason-shortener = { $site } is a link shortener: the real destination is hidden until you open it.
link-reason-text_mismatch = The link text shows { $shown }, but the link opens another site.
link-reason-well_known_subdomain = The address starts with { $shown }, but the site is really { $site }.
link-reason-lookalike_domain = This address imitates { $target }: it looks the same but is a different site ({ $site }).
link-reason-mixed_scripts = The address mixes characters from different writing systems, a common way to imitate another site.
link-reason-whole_script_confusable = The address is written in characters that look like Latin letters or digits but are not.
link-reason-unusual_characters = The address uses unusual characters ({ $chars }) that can imitate other letters.
link-reason-combining_marks = The address repeats an accent mark, which can hide characters.
link-reason-deviation_characters = The address uses ß or ς, which some systems read as a different address.
link-reason-blocked_domain = Your organisation blocks links to this site.
link-reason-unknown_sender = Links from people you don't know can only be copied, not opened.
link-reason-unknown_sender_warn = This link comes from someone you don't know.
