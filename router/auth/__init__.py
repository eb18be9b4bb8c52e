"""Who may do what: password hashing here; sessions and roles live with the web inbox."""
