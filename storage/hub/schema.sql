-- ragtrack hub: the council's shared change log on PostgreSQL (hub format 1).
--
-- Run it yourself, as the role that will own the hub (it needs CREATEROLE to make the two
-- group roles, or have them made first), in the database chosen for the hub:
--
--     psql -v ON_ERROR_STOP=1 -d ragtrack -f schema.sql
--
-- or let `ragtrack hub init URL` run this same file. Running it again changes nothing; on a hub
-- made by an older ragtrack's script it brings the hub up to date, keeping every row.
--
-- What it makes, all in the schema "ragtrack":
--   change       the append-only log of every edit made on any laptop (the history)
--   record       which plan each record (action, objective, progress note...) belongs to
--   plan         the plans on the hub, with their titles, for people granting access
--   plan_member  which login role may read, or read and append to, which plan
--   presence     who last synced, when and from which computer (for "ragtrack sync --status")
--   store        this hub's identity (laptops remember which hub they synced with)
-- and two group roles: ragtrack_officer (reads and appends to the plans it is a member of)
-- and ragtrack_reader (reads only). Each officer logs in as a role of their own, which is a
-- member of one of these groups; `ragtrack hub grant` does both steps.
--
-- Who may do what is enforced here, by the server, not by the laptops:
--   * a change is appended in the name of the role that is connected (column "author",
--     set by the server; a row naming anyone else is refused);
--   * only to a plan the role is a writing member of; the plan of a change is worked out by
--     the server from the record it changes, never taken from the laptop;
--   * nobody, not even the hub's owner, can update, delete or truncate the history: the
--     privileges are not granted and triggers refuse it (also in replication mode);
--   * readers and officers read the changes of their own plans only (row-level security).
-- Every insert sends a NOTIFY on channel "ragtrack_changes" (no content: a nudge to laptops
-- that are connected to come and read).

BEGIN;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ragtrack_officer') THEN
        CREATE ROLE ragtrack_officer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ragtrack_reader') THEN
        CREATE ROLE ragtrack_reader NOLOGIN;
    END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS ragtrack;
REVOKE ALL ON SCHEMA ragtrack FROM PUBLIC;
GRANT USAGE ON SCHEMA ragtrack TO ragtrack_officer, ragtrack_reader;

-- The hub's identity and format version: one row.
CREATE TABLE IF NOT EXISTS ragtrack.store (
    one        boolean PRIMARY KEY DEFAULT true CHECK (one),
    store_id   text NOT NULL DEFAULT md5(random()::text || clock_timestamp()::text),
    format     integer NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO ragtrack.store(format) VALUES (1) ON CONFLICT DO NOTHING;

-- The plans on the hub (registered when a laptop first appends a plan's creation).
CREATE TABLE IF NOT EXISTS ragtrack.plan (
    plan_id    text PRIMARY KEY,
    title      text NOT NULL DEFAULT '',
    created_by name NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Who may read (can_write false) or read and append (can_write true) which plan.
CREATE TABLE IF NOT EXISTS ragtrack.plan_member (
    role_name  name NOT NULL,
    plan_id    text NOT NULL REFERENCES ragtrack.plan(plan_id),
    can_write  boolean NOT NULL,
    granted_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, plan_id)
);

-- The plan each record belongs to: the plan it was created in (officers belong to no plan:
-- they are the council's list of people, shared by every plan).
CREATE TABLE IF NOT EXISTS ragtrack.record (
    entity_id text PRIMARY KEY,
    entity    text NOT NULL,
    plan_id   text REFERENCES ragtrack.plan(plan_id)
);

-- The history: one row per change, in the order the hub received them ("seq"). A change is
-- kept once ("version" 0), but for a later row telling the same change at an earlier time than
-- every row before it (see ragtrack.comes_first): laptops keep the earliest of them.
CREATE TABLE IF NOT EXISTS ragtrack.change (
    seq         bigint PRIMARY KEY,
    change_id   text NOT NULL,
    version     integer NOT NULL DEFAULT 0,              -- set by the server: 0, 1, 2...
    plan_id     text REFERENCES ragtrack.plan(plan_id),  -- NULL: an officer record
    entity      text NOT NULL,
    entity_id   text NOT NULL,
    field       text NOT NULL,
    author      name NOT NULL DEFAULT current_user,     -- the role that appended it
    appended_at timestamptz NOT NULL DEFAULT now(),
    batch_id    text NOT NULL,                           -- the laptop's push it came in
    publisher   jsonb NOT NULL DEFAULT '{}',             -- that laptop: replica, officer, computer
    payload     jsonb NOT NULL                           -- the change as the laptop made it
);
-- A hub made before versions (one row per change id, a unique change_id) takes them: the same
-- rows, each its change's first version.
ALTER TABLE ragtrack.change ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX IF NOT EXISTS change_version ON ragtrack.change (change_id, version);
ALTER TABLE ragtrack.change DROP CONSTRAINT IF EXISTS change_change_id_key;
CREATE INDEX IF NOT EXISTS change_plan_seq ON ragtrack.change (plan_id, seq);
CREATE INDEX IF NOT EXISTS change_batch ON ragtrack.change (batch_id);
CREATE SEQUENCE IF NOT EXISTS ragtrack.change_seq OWNED BY ragtrack.change.seq;

-- Each laptop's latest sync (not history: a laptop replaces its own row).
CREATE TABLE IF NOT EXISTS ragtrack.presence (
    role_name  name NOT NULL DEFAULT current_user,
    replica_id text NOT NULL,
    actor      text NOT NULL DEFAULT '',
    host       text NOT NULL DEFAULT '',
    synced_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (role_name, replica_id)
);

-- Privileges: laptops read and append; nothing else. (The owner keeps its own rights, but the
-- triggers below refuse any change to the history, the owner's included.)
REVOKE ALL ON ALL TABLES IN SCHEMA ragtrack FROM PUBLIC, ragtrack_officer, ragtrack_reader;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA ragtrack FROM PUBLIC, ragtrack_officer, ragtrack_reader;
GRANT SELECT ON ragtrack.store, ragtrack.plan, ragtrack.plan_member, ragtrack.change, ragtrack.presence
    TO ragtrack_officer, ragtrack_reader;
GRANT INSERT (payload, author, batch_id, publisher) ON ragtrack.change TO ragtrack_officer;
GRANT INSERT, UPDATE ON ragtrack.presence TO ragtrack_officer, ragtrack_reader;

-- May "who" append to this plan: an officer who is a writing member of it (NULL, the council's
-- list of officers: any officer). VOLATILE so that it sees a plan registered by the trigger
-- earlier in the same statement.
CREATE OR REPLACE FUNCTION ragtrack.may_append(target text, who name) RETURNS boolean
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, ragtrack AS $$
BEGIN
    IF who IN ('ragtrack_officer', 'ragtrack_reader') OR NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = who) THEN
        RETURN false;
    END IF;
    IF NOT pg_has_role(who, 'ragtrack_officer', 'MEMBER') THEN
        RETURN false;
    END IF;
    RETURN target IS NULL
        OR EXISTS (SELECT 1 FROM ragtrack.plan_member m
                    WHERE m.role_name = who AND m.plan_id = target AND m.can_write);
END
$$;
REVOKE ALL ON FUNCTION ragtrack.may_append(text, name) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ragtrack.may_append(text, name) TO ragtrack_officer;

-- Whether "candidate" is the change "held" told again at an earlier time: every column the same
-- but "at" and "stamp", and (stamp, at) earlier, both well formed. A laptop whose clock ran fast
-- corrects its unsent changes so before sending them; a disk image of it taken before sends
-- them uncorrected, and may do so first. Laptops keep the earliest version of a change, which
-- storage/sync/versions.py decides by this same rule (the column list is wire.CHANGE_COLUMNS').
CREATE OR REPLACE FUNCTION ragtrack.comes_first(candidate jsonb, held jsonb) RETURNS boolean
LANGUAGE plpgsql STABLE SET search_path = pg_catalog AS $$
DECLARE
    stamp_form CONSTANT text := '^([0-9]{1,13})\.([0-9]{1,9})\.(.+)$';
    at_form    CONSTANT text := '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z$';
    column_    text;
    mine       text[];
    theirs     text[];
BEGIN
    FOREACH column_ IN ARRAY ARRAY['id', 'txn_id', 'replica_id', 'actor', 'entity', 'entity_id', 'field',
                                   'old_value', 'new_value', 'reason', 'supersedes', 'source'] LOOP
        IF coalesce(candidate->column_, 'null') <> coalesce(held->column_, 'null') THEN
            RETURN false;
        END IF;
    END LOOP;
    IF jsonb_typeof(candidate->'stamp') IS DISTINCT FROM 'string' OR jsonb_typeof(held->'stamp') IS DISTINCT FROM 'string'
       OR jsonb_typeof(candidate->'at') IS DISTINCT FROM 'string' OR jsonb_typeof(held->'at') IS DISTINCT FROM 'string'
       OR (candidate->>'stamp', candidate->>'at') = (held->>'stamp', held->>'at') THEN
        RETURN false;
    END IF;
    mine := regexp_match(candidate->>'stamp', stamp_form);
    theirs := regexp_match(held->>'stamp', stamp_form);
    IF mine IS NULL OR theirs IS NULL OR candidate->>'at' !~ at_form OR held->>'at' !~ at_form THEN
        RETURN false;
    END IF;
    BEGIN  -- a real time, as a laptop's check requires (no 30th of February)
        PERFORM (candidate->>'at')::timestamptz, (held->>'at')::timestamptz;
    EXCEPTION WHEN others THEN
        RETURN false;
    END;
    -- As laptops order them: the stamp's time and counter as numbers, its replica and the time
    -- as text, character by character (COLLATE "C"), whatever the database's collation.
    RETURN (mine[1]::bigint, mine[2]::bigint, mine[3] COLLATE "C", (candidate->>'at') COLLATE "C")
         < (theirs[1]::bigint, theirs[2]::bigint, theirs[3] COLLATE "C", (held->>'at') COLLATE "C");
END
$$;
REVOKE ALL ON FUNCTION ragtrack.comes_first(jsonb, jsonb) FROM PUBLIC;

-- Before each new change: take the hub's append lock (so seq order is commit order: a laptop
-- that has read up to seq N never misses a change numbered below N), number it, and work out
-- its plan from the record it changes. A plan's creation registers the plan and makes its
-- creator (an officer) a writing member.
CREATE OR REPLACE FUNCTION ragtrack.before_append() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, ragtrack AS $$
DECLARE
    p        jsonb := NEW.payload;
    created  jsonb;
    known    ragtrack.record%ROWTYPE;
    target   text;
    latest   integer;
    earlier  boolean;
BEGIN
    IF jsonb_typeof(p) IS DISTINCT FROM 'object'
       OR jsonb_typeof(p->'id') IS DISTINCT FROM 'string'
       OR jsonb_typeof(p->'entity') IS DISTINCT FROM 'string'
       OR jsonb_typeof(p->'entity_id') IS DISTINCT FROM 'string'
       OR jsonb_typeof(p->'field') IS DISTINCT FROM 'string' THEN
        RAISE EXCEPTION 'ragtrack hub: not a ragtrack change' USING ERRCODE = 'check_violation';
    END IF;
    IF p->>'entity' NOT IN ('plan', 'theme', 'objective', 'action', 'officer', 'progress', 'review') THEN
        RAISE EXCEPTION 'ragtrack hub: unknown kind of record %', p->>'entity' USING ERRCODE = 'check_violation';
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('ragtrack'), hashtext('change'));
    NEW.seq := nextval('ragtrack.change_seq');
    NEW.change_id := p->>'id';
    NEW.entity := p->>'entity';
    NEW.entity_id := p->>'entity_id';
    NEW.field := p->>'field';
    NEW.appended_at := now();
    IF NEW.batch_id !~ '^[0-9a-f]{32}$' THEN
        RAISE EXCEPTION 'ragtrack hub: a batch id is 32 hex digits' USING ERRCODE = 'check_violation';
    END IF;

    SELECT * INTO known FROM ragtrack.record WHERE entity_id = NEW.entity_id;
    IF FOUND THEN
        IF known.entity <> NEW.entity THEN
            RAISE EXCEPTION 'ragtrack hub: record % is a %, not a %', NEW.entity_id, known.entity, NEW.entity
                USING ERRCODE = 'check_violation';
        END IF;
        target := known.plan_id;
    ELSIF NEW.field = '_create' THEN
        BEGIN
            created := (p->>'new_value')::jsonb;
        EXCEPTION WHEN others THEN
            created := NULL;
        END;
        IF jsonb_typeof(created) IS DISTINCT FROM 'object' THEN
            RAISE EXCEPTION 'ragtrack hub: a creation without values' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.entity = 'officer' THEN
            target := NULL;
        ELSIF NEW.entity = 'plan' THEN
            target := NEW.entity_id;
            IF NOT EXISTS (SELECT 1 FROM ragtrack.plan WHERE plan_id = target) THEN
                INSERT INTO ragtrack.plan(plan_id, title, created_by)
                VALUES (target, coalesce(created->>'title', ''), NEW.author);
                IF ragtrack.may_append(NULL, NEW.author) THEN
                    INSERT INTO ragtrack.plan_member(role_name, plan_id, can_write) VALUES (NEW.author, target, true);
                END IF;
            END IF;
        ELSIF NEW.entity = 'progress' THEN
            SELECT plan_id INTO target FROM ragtrack.record WHERE entity_id = created->>'action_id';
            IF NOT FOUND THEN
                RAISE EXCEPTION 'ragtrack hub: a progress note of an action the hub does not have'
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
        ELSE
            target := created->>'plan_id';
            IF target IS NULL OR NOT EXISTS (SELECT 1 FROM ragtrack.plan WHERE plan_id = target) THEN
                RAISE EXCEPTION 'ragtrack hub: a % of a plan the hub does not have', NEW.entity
                    USING ERRCODE = 'foreign_key_violation';
            END IF;
        END IF;
        INSERT INTO ragtrack.record(entity_id, entity, plan_id) VALUES (NEW.entity_id, NEW.entity, target);
    ELSE
        RAISE EXCEPTION 'ragtrack hub: a change to % % that the hub does not have (its creation comes first)',
            NEW.entity, NEW.entity_id USING ERRCODE = 'foreign_key_violation';
    END IF;
    NEW.plan_id := target;
    -- Moving a record into another plan needs the right to write there too.
    IF NEW.field IN ('plan_id', 'action_id') THEN
        BEGIN
            created := (p->>'new_value')::jsonb;
        EXCEPTION WHEN others THEN
            created := NULL;
        END;
        IF NEW.field = 'plan_id' THEN
            target := created #>> '{}';
        ELSE
            SELECT plan_id INTO target FROM ragtrack.record WHERE entity_id = created #>> '{}';
        END IF;
        IF target IS DISTINCT FROM NEW.plan_id AND NOT ragtrack.may_append(target, NEW.author) THEN
            RAISE EXCEPTION 'ragtrack hub: % may not move a record into plan %', NEW.author, target
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END IF;
    -- A change the hub holds already: its next version if it tells it earlier than every
    -- version held, else version 0 again, which the unique index refuses (ON CONFLICT DO
    -- NOTHING: kept once, as before). Under the append lock, so versions are numbered in turn.
    SELECT max(c.version), bool_and(ragtrack.comes_first(p, c.payload)) INTO latest, earlier
      FROM ragtrack.change c WHERE c.change_id = NEW.change_id;
    NEW.version := CASE WHEN latest IS NOT NULL AND earlier THEN latest + 1 ELSE 0 END;
    RETURN NEW;
END
$$;
REVOKE ALL ON FUNCTION ragtrack.before_append() FROM PUBLIC;

CREATE OR REPLACE FUNCTION ragtrack.refuse_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'ragtrack hub: the history is append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE OR REPLACE FUNCTION ragtrack.notify_append() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('ragtrack_changes', '');
    RETURN NULL;
END
$$;

DROP TRIGGER IF EXISTS change_before_append ON ragtrack.change;
CREATE TRIGGER change_before_append BEFORE INSERT ON ragtrack.change
    FOR EACH ROW EXECUTE FUNCTION ragtrack.before_append();
DROP TRIGGER IF EXISTS change_refuse_rewrite ON ragtrack.change;
CREATE TRIGGER change_refuse_rewrite BEFORE UPDATE OR DELETE ON ragtrack.change
    FOR EACH STATEMENT EXECUTE FUNCTION ragtrack.refuse_rewrite();
DROP TRIGGER IF EXISTS change_refuse_truncate ON ragtrack.change;
CREATE TRIGGER change_refuse_truncate BEFORE TRUNCATE ON ragtrack.change
    FOR EACH STATEMENT EXECUTE FUNCTION ragtrack.refuse_rewrite();
DROP TRIGGER IF EXISTS change_notify ON ragtrack.change;
CREATE TRIGGER change_notify AFTER INSERT ON ragtrack.change
    FOR EACH STATEMENT EXECUTE FUNCTION ragtrack.notify_append();
-- Fire even with session_replication_role = replica (which skips ordinary triggers).
ALTER TABLE ragtrack.change ENABLE ALWAYS TRIGGER change_before_append;
ALTER TABLE ragtrack.change ENABLE ALWAYS TRIGGER change_refuse_rewrite;
ALTER TABLE ragtrack.change ENABLE ALWAYS TRIGGER change_refuse_truncate;
ALTER TABLE ragtrack.change ENABLE ALWAYS TRIGGER change_notify;

-- Row-level security: each role sees its own memberships, and the changes of its plans (and
-- the council's list of officers); it appends only in its own name, to plans it may write.
ALTER TABLE ragtrack.plan_member ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_memberships ON ragtrack.plan_member;
CREATE POLICY own_memberships ON ragtrack.plan_member FOR SELECT
    USING (role_name = current_user);

ALTER TABLE ragtrack.plan ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS member_plans ON ragtrack.plan;
CREATE POLICY member_plans ON ragtrack.plan FOR SELECT
    USING (plan_id IN (SELECT m.plan_id FROM ragtrack.plan_member m WHERE m.role_name = current_user));

ALTER TABLE ragtrack.change ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS read_member_plans ON ragtrack.change;
CREATE POLICY read_member_plans ON ragtrack.change FOR SELECT
    USING (plan_id IS NULL
           OR plan_id IN (SELECT m.plan_id FROM ragtrack.plan_member m WHERE m.role_name = current_user));
DROP POLICY IF EXISTS append_own_name ON ragtrack.change;
CREATE POLICY append_own_name ON ragtrack.change FOR INSERT TO ragtrack_officer
    WITH CHECK (author = current_user AND ragtrack.may_append(plan_id, current_user));

ALTER TABLE ragtrack.presence ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS everyone_reads_presence ON ragtrack.presence;
CREATE POLICY everyone_reads_presence ON ragtrack.presence FOR SELECT USING (true);
DROP POLICY IF EXISTS own_presence ON ragtrack.presence;
CREATE POLICY own_presence ON ragtrack.presence FOR INSERT WITH CHECK (role_name = current_user);
DROP POLICY IF EXISTS own_presence_update ON ragtrack.presence;
CREATE POLICY own_presence_update ON ragtrack.presence FOR UPDATE
    USING (role_name = current_user) WITH CHECK (role_name = current_user);

-- Append a laptop's changes one by one, keeping those the server accepts and saying why it
-- refuses the others (a change to a plan the role may not write, say), so one refusal does not
-- stop the rest. Runs with the caller's rights: the same triggers and policies apply. Returns
-- the refused changes. (No ON CONFLICT target nor RETURNING, here or in ragtrack's own
-- appends: either makes PostgreSQL check the new row against the read policy too, which does
-- not yet see the membership of a plan created by the same statement.)
CREATE OR REPLACE FUNCTION ragtrack.append_each(changes jsonb, batch text, who jsonb)
RETURNS TABLE (change_id text, refused text)
LANGUAGE plpgsql SECURITY INVOKER SET search_path = pg_catalog, ragtrack AS $$
DECLARE
    item jsonb;
BEGIN
    FOR item IN SELECT value FROM jsonb_array_elements(changes) WITH ORDINALITY ORDER BY ordinality LOOP
        BEGIN
            INSERT INTO ragtrack.change (payload, batch_id, publisher) VALUES (item, batch, who)
                ON CONFLICT DO NOTHING;
        EXCEPTION WHEN OTHERS THEN
            change_id := item->>'id';
            refused := SQLERRM;
            RETURN NEXT;
        END;
    END LOOP;
END
$$;
REVOKE ALL ON FUNCTION ragtrack.append_each(jsonb, text, jsonb) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION ragtrack.append_each(jsonb, text, jsonb) TO ragtrack_officer;

COMMIT;
