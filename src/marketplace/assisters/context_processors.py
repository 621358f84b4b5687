def helping(request):
    """The authorisation a helper is working under, for the banner on every page."""
    return {"helping": getattr(request, "helping", None)}
