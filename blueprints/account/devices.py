"""A session's device in a few words ("Firefox, Linux"), read from the browser's User-Agent."""

# the first name found wins: Edge and Opera also say "Chrome", Chrome also says "Safari"
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


def describe_device(user_agent):
    """'Browser, system' when the User-Agent names them; else the User-Agent itself, shortened."""
    user_agent = user_agent or ""
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser or system:
        return ", ".join(part for part in (browser, system) if part)
    return user_agent[:60]
