"""What one domain announces and others act on, so no domain reaches into another's services.

Each signal's sender is the thing that changed; the keyword arguments say who did it and how.
The listeners live beside what they change (comments' counts, amendments' incorporation,
notifications) and are connected when their module is imported; create_app imports them all.
"""

from blinker import Namespace

_signals = Namespace()

# documents: a draft became version `sender` (publisher=, draft=).
version_published = _signals.signal("version-published")

# amendments: an officer decided amendment `sender` (officer=, document=, version=).
amendment_decided = _signals.signal("amendment-decided")

# comments and moderation: comment `sender` became public, posted visible or approved by a moderator (parent=).
comment_published = _signals.signal("comment-published")

# moderation: item `sender` (a comment or an amendment) was hidden (action=, was=its moderation before).
item_hidden = _signals.signal("item-hidden")

# moderation: hidden item `sender` is shown again, restored or on appeal (action=).
item_restored = _signals.signal("item-restored")

# moderation: a moderator acted on item `sender` and its author is told (action=).
moderation_decided = _signals.signal("moderation-decided")

# signoff: a signatory signed version `sender` (sign_off=, signatory=, agreement= once every party signed).
# Nothing outside sign-off acts on it yet: it is where a domain that must hear of signing listens.
version_signed = _signals.signal("version-signed")
