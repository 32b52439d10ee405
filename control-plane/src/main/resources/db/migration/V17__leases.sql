-- Work that one control plane at a time must do (driving rollouts, automation, delivering alerts...) is done by the
-- holder of its lease. A holder renews it every tick; another instance takes it once it has expired, so a dead
-- holder's work moves on after at most one lease duration. Times are the database's, never an instance's clock.
CREATE TABLE leases (
    name        text PRIMARY KEY,
    holder      text        NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);
