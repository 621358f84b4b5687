"""What every page knows: the state this exchange serves."""

from django.conf import settings

from marketplace.core.states import state_name


def exchange(request):
    return {
        "exchange_state": settings.MARKETPLACE_STATE,
        "exchange_state_name": state_name(settings.MARKETPLACE_STATE),
    }
