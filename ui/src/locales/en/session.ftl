# Messages about the session as a whole.

session-signed-out = You were signed out by your organisation. Sign in again to continue.
session-ignored = You will no longer see anything from { $user }.
