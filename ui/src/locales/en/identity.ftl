# The banner above a room when a member's identity changed: sending to the room is held
# until the person accepts the new identity.

# $user (a Matrix id, shown in bold) is placed as the sentence needs.
identity-changed = The identity of { $user } changed. Check it with them, then accept the new identity. Sending to this room is held until then.
identity-verified-changed = The verified identity of { $user } changed. Check it with them, then accept the new identity. Sending to this room is held until then.
identity-accept = Accept new identity
