-- Webhooks received at the edge, kept until the home server acknowledges them (then emptied) and purged
-- after the retention window. The unique (source, provider_event_id) is what refuses a replay.
CREATE TABLE relay_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  source TEXT NOT NULL,
  provider_event_id TEXT NOT NULL,
  path TEXT NOT NULL,
  url TEXT NOT NULL,
  headers TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  acked_at INTEGER,
  UNIQUE (source, provider_event_id)
);
CREATE INDEX relay_events_pending ON relay_events (acked_at, seq);
CREATE INDEX relay_events_received ON relay_events (received_at);

-- One row: the last pull from home, a counter that tells the watchdog a new pull came, and the check-in
-- instants home last reported.
CREATE TABLE relay_heartbeat (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_at INTEGER NOT NULL,
  beats INTEGER NOT NULL,
  next_check_ins TEXT NOT NULL DEFAULT '[]'
);

-- One row per outage; the partial unique index allows a single open outage, so its text is sent once.
CREATE TABLE relay_outages (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  last_heartbeat_at INTEGER NOT NULL,
  beats_at_detection INTEGER NOT NULL,
  detected_at INTEGER NOT NULL,
  alert_claimed_at INTEGER,
  alert_sent_at INTEGER,
  recovered_at INTEGER,
  recovery_claimed_at INTEGER,
  recovery_sent_at INTEGER
);
CREATE UNIQUE INDEX relay_outages_one_open ON relay_outages ((recovery_sent_at IS NULL)) WHERE recovery_sent_at IS NULL;
