"""What agents do to conversations from the inbox: notes, tags, priority, transfer,
snooze, resolve, merge; and the canned responses they reply with."""
