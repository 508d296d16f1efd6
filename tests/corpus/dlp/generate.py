#!/usr/bin/env python3
"""Generates tests/corpus/dlp/cases.jsonl: the outgoing-DLP corpus (issue 12).

Every number here is synthetic: generated with a valid (or deliberately wrong) checksum
from a fixed seed, or a well-known published test value (4111 1111 1111 1111,
GB82 WEST 1234 5698 7654 32, AWS's AKIAIOSFODNN7EXAMPLE, …). No real person's data.

One JSON object per line: {"name": …, "text": …, "kinds": [expected kinds]}.
`kinds` empty = a near-miss that must produce no finding. Re-run after editing:
    python3 tests/corpus/dlp/generate.py > tests/corpus/dlp/cases.jsonl
"""
import base64, json, random, string

rng = random.Random(12)
cases = []


def case(name, text, *kinds):
    cases.append({"name": name, "text": text, "kinds": sorted(set(kinds))})


# ---- helpers -----------------------------------------------------------------------
def luhn_check_digit(body):
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def card(prefix, length):
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    return body + luhn_check_digit(body)


def broken(num):
    """Same number with the last digit changed: fails the check."""
    last = int(num[-1])
    return num[:-1] + str((last + 1) % 10)


def group4(num, sep=" "):
    return sep.join(num[i:i + 4] for i in range(0, len(num), 4))


def iban(country, bban):
    rearranged = bban + country + "00"
    value = int("".join(str(int(c, 36)) for c in rearranged))
    check = 98 - value % 97
    return f"{country}{check:02d}{bban}"


def hkid(prefix, digits):
    vals = ([36] if len(prefix) == 1 else []) + [ord(c) - 55 for c in prefix] + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(vals, range(9, 1, -1)))
    check = (11 - total % 11) % 11
    return f"{prefix}{digits}({'A' if check == 10 else check})"


def cn_id(area, birth, seq):
    body = f"{area}{birth}{seq}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


def sg_nric(prefix, digits):
    total = sum(int(d) * w for d, w in zip(digits, [2, 7, 6, 5, 4, 3, 2])) + (4 if prefix in "TG" else 0)
    table = "JZIHGFEDCBA" if prefix in "ST" else "XWUTRQPNMLK"
    return f"{prefix}{digits}{table[total % 11]}"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def alnum(n, alphabet=string.ascii_letters + string.digits):
    return "".join(rng.choice(alphabet) for _ in range(n))


# ---- payment cards -----------------------------------------------------------------
published = {
    "visa_test_4111": "4111111111111111",
    "mastercard_test_5555": "5555555555554444",
    "amex_test_3782": "378282246310005",
    "discover_test_6011": "6011111111111117",
    "jcb_test_3530": "3530111333300000",
    "diners_test_3056": "30569309025904",
    "mastercard_2series_test": "2223003122003222",
    "unionpay_test_6200": "6200000000000005",
}
for name, num in published.items():
    case(f"card/{name}/plain", f"card: {num}", "payment_card")
    case(f"card/{name}/wrong_check_digit", f"ref {broken(num)}")
case("card/visa_grouped_spaces", "Can you pay with 4111 1111 1111 1111 exp 12/27?", "payment_card")
case("card/visa_grouped_hyphens", "number 4111-1111-1111-1111 please", "payment_card")
case("card/amex_4_6_5", "amex 3782 822463 10005 thanks", "payment_card")
case("card/markdown_code", "`4111111111111111`", "payment_card")
case("card/after_long_reference", "ref 12345 4111 1111 1111 1111 done", "payment_card")
case("card/in_reply_quote", "> my card is 5555 5555 5555 4444\n\nGot it", "payment_card")
case("card/after_iban_like_word", "pay SK12 and 4111 1111 1111 1111 now", "payment_card")
case("card/unicode_around", "卡号：4111111111111111。谢谢", "payment_card")
for issuer, prefix, length in [
    ("visa16", "4", 16), ("visa13", "4", 13), ("visa19", "4", 19), ("mc51", "51", 16), ("mc55", "55", 16),
    ("mc2221", "2221", 16), ("mc2720", "2720", 16), ("amex34", "34", 15), ("amex37", "37", 15),
    ("discover65", "65", 16), ("discover644", "644", 16), ("jcb3528", "3528", 16), ("jcb3589", "3589", 19),
    ("diners36", "36", 14), ("diners300", "300", 16), ("unionpay62", "62", 17), ("maestro6759", "6759", 12),
    ("maestro5018", "5018", 18), ("mir2200", "2200", 16),
]:
    for k in range(3):
        num = card(prefix, length)
        fmt = [num, group4(num), group4(num, "-")][k]
        case(f"card/gen/{issuer}/{k}", f"Please charge {fmt} today.", "payment_card")
        case(f"card/gen/{issuer}/{k}/luhn_fail", f"Please charge {broken(fmt)} today.")
# Luhn-valid but no issuer uses the prefix or length.
case("card/luhn_ok_unknown_prefix_9", f"tracking {card('9', 16)}")
case("card/luhn_ok_unknown_prefix_1", f"order {card('1', 16)}")
case("card/luhn_ok_visa_wrong_length_17", f"id {card('4', 17)}")
case("card/luhn_ok_amex_wrong_length_16", f"id {card('37', 16)}")
case("card/inside_20_digit_number", f"account {card('4', 16)}0000")
case("card/glued_to_letters", f"INV{card('4', 16)}")

# ---- IBAN --------------------------------------------------------------------------
case("iban/published_gb_grouped", "IBAN GB82 WEST 1234 5698 7654 32, ref inv 1", "iban")
case("iban/published_gb_plain", "GB82WEST12345698765432", "iban")
case("iban/published_de", "DE89 3704 0044 0532 0130 00", "iban")
case("iban/published_fr", "FR14 2004 1010 0505 0001 3M02 606", "iban")
case("iban/published_nl", "pay to NL91ABNA0417164300 by Monday", "iban")
case("iban/published_ch", "CH93 0076 2011 6238 5295 7", "iban")
case("iban/lowercase", "gb82 west 1234 5698 7654 32", "iban")
for country, length in [("GB", 22), ("DE", 22), ("FR", 27), ("ES", 24), ("IT", 27), ("NL", 18), ("BE", 16),
                        ("CH", 21), ("AT", 20), ("PL", 28), ("SA", 24), ("AE", 23), ("NO", 15), ("MT", 31)]:
    bban = "".join(rng.choice(string.digits) for _ in range(length - 4))
    if country in ("GB", "NL", "MT"):
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + bban[4:]
    num = iban(country, bban)
    case(f"iban/gen/{country}", f"Transfer to {group4(num)} please", "iban")
    wrong = num[:2] + f"{(int(num[2:4]) + 1) % 100:02d}" + num[4:]
    case(f"iban/gen/{country}/wrong_check", f"Transfer to {group4(wrong)} please")
    case(f"iban/gen/{country}/too_short", f"Transfer to {num[:-1]} please")
case("iban/unknown_country", f"ZZ{iban('GB', 'WEST12345698765432')[2:]}")
case("iban/like_code_with_suffix", "GB82WEST12345698765432X9")
case("iban/product_code", "SKU AB12 CDEF 3456 7890")

# ---- Hong Kong identity cards ---------------------------------------------------------
case("hkid/published_example", "HKID A123456(3)", "hkid")
for k in range(8):
    prefix = rng.choice(string.ascii_uppercase) if k % 2 == 0 else "".join(rng.choice(string.ascii_uppercase) for _ in range(2))
    digits = "".join(rng.choice(string.digits) for _ in range(6))
    num = hkid(prefix, digits)
    case(f"hkid/gen/{k}", f"My ID is {num}.", "hkid")
    case(f"hkid/gen/{k}/no_parens", f"My ID is {num.replace('(', '').replace(')', '')}.", "hkid")
    check = num[-2]
    other = "0" if check != "0" else "1"
    case(f"hkid/gen/{k}/wrong_check", f"My ID is {num[:-2]}{other}).")
case("hkid/flight_number", "Flight CX123456 tomorrow")

# ---- Chinese resident identity cards ----------------------------------------------------
for k in range(6):
    num = cn_id(rng.choice(["110101", "440305", "310104", "510107"]),
                f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}",
                f"{rng.randint(0, 999):03d}")
    case(f"cn_id/gen/{k}", f"身份证号 {num}", "cn_resident_id")
    wrong = num[:-1] + ("0" if num[-1] != "0" else "1")
    case(f"cn_id/gen/{k}/wrong_check", f"身份证号 {wrong}")
case("cn_id/bad_date", "id 110101199013320015")

# ---- Singapore NRIC/FIN -------------------------------------------------------------
case("sg_nric/published_example", "NRIC S1234567D", "sg_nric")
for k, prefix in enumerate("STFGST"):
    num = sg_nric(prefix, "".join(rng.choice(string.digits) for _ in range(7)))
    case(f"sg_nric/gen/{prefix}{k}", f"NRIC: {num}", "sg_nric")
    wrong = num[:-1] + ("A" if num[-1] != "A" else "B")
    case(f"sg_nric/gen/{prefix}{k}/wrong_check", f"NRIC: {wrong}")

# ---- private keys (public keys are near-misses) --------------------------------------
body = "\n".join(alnum(64, string.ascii_letters + string.digits + "+/") for _ in range(3))
for label in ["RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY",
              "DSA PRIVATE KEY", "PGP PRIVATE KEY BLOCK"]:
    case(f"private_key/{label.lower().replace(' ', '_')}", f"here:\n-----BEGIN {label}-----\n{body}\n-----END {label}-----\n", "private_key")
case("private_key/header_only", "-----BEGIN OPENSSH PRIVATE KEY-----", "private_key")
for label in ["PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE", "PGP PUBLIC KEY BLOCK", "CERTIFICATE REQUEST"]:
    case(f"private_key/near/{label.lower().replace(' ', '_')}", f"-----BEGIN {label}-----\n{body}\n-----END {label}-----")
case("private_key/near/ssh_rsa_public", f"ssh-rsa AAAAB3NzaC1yc2E{alnum(60)} alice@laptop")
case("private_key/near/ssh_ed25519_public", f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{alnum(40)} bob@host")
case("private_key/near/prose", "Never share your private key with anyone, not even IT.")

# ---- cloud and VCS tokens -----------------------------------------------------------
case("aws/published_example", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "aws_access_key")
case("aws/asia", f"key ASIA{alnum(16, string.ascii_uppercase + '234567')}", "aws_access_key")
case("aws/near/too_short", "AKIAIOSFODNN7EXAMP")
case("aws/near/lowercase", "akiaiosfodnn7example")
for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"]:
    case(f"github/{prefix[:-1]}", f"token {prefix}{alnum(36)}", "github_token")
case("github/fine_grained", f"github_pat_{alnum(22)}_{alnum(59)}", "github_token")
case("github/near/short", f"ghp_{alnum(20)}")
case("github/near/word", "see the ghp_ prefix in the docs")
case("slack/bot", f"xoxb-{rng.randint(10**11, 10**12)}-{rng.randint(10**12, 10**13)}-{alnum(24)}", "slack_token")
case("slack/user", f"xoxp-{rng.randint(10**11, 10**12)}-{rng.randint(10**11, 10**12)}-{rng.randint(10**11, 10**12)}-{alnum(32, '0123456789abcdef')}", "slack_token")
case("slack/webhook", f"https://hooks.slack.com/services/T{alnum(8, string.ascii_uppercase + string.digits)}/B{alnum(8, string.ascii_uppercase + string.digits)}/{alnum(24)}", "slack_token")
case("slack/near/channel_link", "https://app.slack.com/client/T01234567/C01234567")
case("google/api_key", f"key=AIza{alnum(35, string.ascii_letters + string.digits + '-_')}", "google_api_key")
case("google/near/short", f"AIza{alnum(20)}")
header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
payload = b64url(json.dumps({"sub": "1234567890", "name": "Test User", "iat": 1516239022}).encode())
case("jwt/hs256", f"Authorization: Bearer {header}.{payload}.{b64url(bytes(rng.randrange(256) for _ in range(32)))}", "jwt")
case("jwt/near/two_parts", f"{header}.{payload}")
case("jwt/near/not_json_header", f"eyJub3QganNvbiBhdCBhbGw.{payload}.{alnum(43)}")

# ---- credentials in URLs -------------------------------------------------------------
case("url_credentials/https", "clone https://alice:s3cr3tP4ss@git.example.org/repo.git", "url_credentials")
case("url_credentials/postgres", "DATABASE_URL=postgres://app:hunter2x@db.internal:5432/app", "url_credentials")
case("url_credentials/ftp", "ftp://backup:Zx9!kk@10.0.0.5/", "url_credentials")
case("url_credentials/near/user_only", "https://alice@git.example.org/repo.git")
case("url_credentials/near/port", "https://example.org:8443/path?q=1")
case("url_credentials/near/masked", "https://alice:*****@git.example.org/")
case("url_credentials/near/mailto", "mailto:alice@example.org")
case("url_credentials/near/matrix_id", "ping @alice:example.org about it")

# ---- password phrases ----------------------------------------------------------------
case("password/colon", "password: Tr0ub4dor&3", "password")
case("password/equals", "PWD=Sup3rS3cret", "password")
case("password/passphrase", "passphrase: correct-horse-battery", "password")
case("password/german", "Passwort: Geheim123", "password")
case("password/chinese", "密码：abc12345", "password")
case("password/in_sentence", "the wifi Password: guest2024! (ask reception)", "password")
case("password/near/reset", "I sent you a password reset link")
case("password/near/masked", "Password: ********")
case("password/near/placeholder", "password: <redacted>")
case("password/near/empty", "password:")
case("password/near/policy", "The password policy: at least 12 characters")
case("password/near/question", "forgot your password? click the link")

# ---- ordinary messages (each must produce nothing) -------------------------------------
benign = [
    "Meeting moved to 15:30, room 4.12",
    "Call me on +852 2345 6789 or +44 20 7946 0958",
    "Order #100234987 shipped, tracking 1Z999AA10123456784",
    "Invoice 2024-0117-5521 total HKD 12,345.60",
    "My phone: (415) 555-0134, ext 221",
    "ISBN 978-0-306-40615-7 is on the shelf",
    "Flight CX 251 departs 23:55 from gate 62",
    "The build 1.95.0 passed 4812 tests in 311 s",
    "Timestamp 1716239022123 in ms",
    "IP 192.168.100.200 and 10.0.0.1 are blocked",
    "See https://example.org/docs/page?id=4111 for details",
    "Room !abcdEFGH:example.org is the right one",
    "Our fax is 2345-6789-0123",
    "Temperature 23.5 °C, humidity 65 %",
    "Sum: 1000 2000 3000 4000 = 10000",
    "The serial is SN-5501-7789-2231-9904-11",
    "UUID 123e4567-e89b-12d3-a456-426614174000",
    "commit 3f2c1a9e7b4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f",
    "SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "Version string 2221.0003.1220.0322",
    "HK$ 4,000,000 budget for 2025 Q3",
    "Postcode SW1A 1AA, London",
    "Ticket JIRA-4512 blocks PROJ-77",
    "Date 2024-06-30T12:00:00Z",
    "GPS 22.3193, 114.1694",
    "Price list: 12.99, 45.00, 150.25, 999.99",
    "Our office: 18/F, 88 Queensway, Admiralty",
    "Conference code 8841 2250 93#",
    "Use the ssh key in the vault, not in chat",
    "Please reset my passwd tomorrow",
    "ASIA Pacific team meeting at 9",
    "I like eyJ as a prefix but this isn't a token",
    "The AIza prefix is used by Google keys",
    "Hash 5d41402abc4b2a76b9719d911017c592",
    "Credit limit 5000, card ending 1111",
    "Kubernetes pod web-6b7f9d4c8-xk2lp restarted",
]
for i, text in enumerate(benign):
    case(f"benign/{i:02d}", text)

for c in cases:
    print(json.dumps(c, ensure_ascii=False))
