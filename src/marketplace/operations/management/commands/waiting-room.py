"""`marketplace waiting-room open|close|status`: the operator's switch for the waiting room
(a maintenance window), with the message people see in English and Spanish."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from marketplace.operations import waiting_room


class Command(BaseCommand):
    help = "Open the waiting room on purpose (a message in English and Spanish), or close it."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["open", "close", "status"])
        parser.add_argument("--message-en", default="", help="What people see (English).")
        parser.add_argument("--message-es", default="", help="What people see (Spanish).")

    def handle(self, *args, action, message_en, message_es, **options):
        if action == "open":
            if not message_en.strip() or not message_es.strip():
                raise CommandError(
                    "--message-en and --message-es: say why and until when, in both languages"
                )
            waiting_room.open_room(message_en.strip(), message_es.strip())
            self.stdout.write("The waiting room is open: nobody new is let in until it is closed.")
        elif action == "close":
            waiting_room.close_room()
            self.stdout.write("The waiting room is closed: everyone waiting is let in.")
        state = waiting_room.room()
        waiting = max(0, state.next_ticket - 1 - state.admitted_through)
        opened = "open (by an operator)" if state.opened_by_operator else "closed"
        self.stdout.write(f"State: {opened}; people waiting: {waiting}.")
