# Signing in: the homeserver, the ways in it offers and the password form.

login-title = Sign in to Parley
login-subtitle = Secure messaging for your organisation
login-homeserver = Homeserver
# $servers: the homeserver addresses the organisation allows, separated by commas.
login-allowed = Your organisation allows: { $servers }
login-options-failed = The homeserver did not say how to sign in.
login-browser-intro = Sign in with your organisation's account. Your browser opens; come back here when it says you are signed in.
# $provider: the name of a sign-in provider the homeserver offers (e.g. "GitHub").
login-with-provider = Sign in with { $provider }
login-with-sso = Sign in with single sign-on
login-with-oauth = Sign in with your organisation's account
login-browser-waiting = Finish signing in in your browser. Parley waits up to 5 minutes.
login-nothing-allowed = Your organisation does not allow any way of signing in that this homeserver offers. Ask your IT department which server to use.
login-user = User name
# The example keeps its Matrix ids as they are.
login-user-placeholder = alice or @alice:example.org
login-password = Password
login-signing-in = Signing in…
login-sign-in = Sign in
