"""Who is calling: password hashes, server-side sessions, and what an agent may read."""
