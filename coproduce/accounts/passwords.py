"""Password rules: at least 10 characters and not a commonly used password."""

from functools import cache

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10


@cache
def common_passwords() -> frozenset[str]:
    # zxcvbn ships a ranked list of ~30,000 passwords seen most often in breaches.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, name: str = "", email: str = "") -> str | None:
    """The reason a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(_l("Password must be at least %(n)s characters long", n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in common_passwords() or lowered.rstrip("0123456789!") in common_passwords():
        return str(_l("That password is too common. Choose one that is harder to guess"))
    if len(set(lowered)) < 4:
        return str(_l("That password is too easy to guess. Use a mix of different characters"))
    personal = {part for part in [name.lower(), email.lower(), email.lower().split("@")[0]] if len(part) >= 4}
    if lowered in personal:
        return str(_l("Your password must not be your name or email address"))
    return None
