-- The schema of a new SQLite database, as the migrations build it: made by
-- quotetrack.store.migrate.sqlite_script, do not edit by hand.
-- revision: 0013
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE sources (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE documents (
	id INTEGER NOT NULL, 
	source_id INTEGER, 
	content_hash VARCHAR(64) NOT NULL, 
	text TEXT NOT NULL, 
	title VARCHAR(500), 
	url VARCHAR(2000), 
	origin VARCHAR(2000), 
	published DATE NOT NULL, 
	published_source VARCHAR(20) NOT NULL, 
	ingested_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(source_id) REFERENCES sources (id), 
	UNIQUE (content_hash)
);
CREATE INDEX ix_documents_source_id ON documents (source_id);
CREATE INDEX ix_documents_published ON documents (published);
CREATE TABLE speakers (
	id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE TABLE speaker_aliases (
	id INTEGER NOT NULL, 
	speaker_id INTEGER NOT NULL, 
	alias VARCHAR(300) NOT NULL, 
	"key" VARCHAR(300) NOT NULL, reason VARCHAR(300), origin VARCHAR(20), 
	PRIMARY KEY (id), 
	CONSTRAINT uq_speaker_aliases_speaker_key UNIQUE (speaker_id, "key"), 
	FOREIGN KEY(speaker_id) REFERENCES speakers (id) ON DELETE CASCADE
);
CREATE INDEX ix_speaker_aliases_key ON speaker_aliases ("key");
CREATE TABLE attributions (
	id INTEGER NOT NULL, 
	document_id INTEGER NOT NULL, 
	speaker_id INTEGER, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	mention VARCHAR(500), 
	mention_start INTEGER, 
	mention_end INTEGER, 
	cue VARCHAR(200), 
	cue_start INTEGER, 
	cue_end INTEGER, 
	stance VARCHAR(20) NOT NULL, 
	confidence FLOAT NOT NULL, 
	rule VARCHAR(100) NOT NULL, 
	resolution VARCHAR(20) NOT NULL, 
	anonymous BOOLEAN NOT NULL, 
	role VARCHAR(300), 
	sentence_start INTEGER NOT NULL, 
	sentence_end INTEGER NOT NULL, speaker_name VARCHAR(300), said_on VARCHAR(20), said_on_day DATE, said_on_precision VARCHAR(10), said_on_source VARCHAR(20), said_on_start INTEGER, said_on_end INTEGER, fragments TEXT, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_attributions_document_span UNIQUE (document_id, start, "end"), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(speaker_id) REFERENCES speakers (id) ON DELETE SET NULL
);
CREATE INDEX ix_attributions_kind ON attributions (kind);
CREATE INDEX ix_attributions_speaker_id_document_id ON attributions (speaker_id, document_id);
CREATE TABLE jobs (
	id INTEGER NOT NULL, 
	name VARCHAR(100) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	location VARCHAR(2000) NOT NULL, 
	every_seconds INTEGER, 
	cron VARCHAR(100), 
	source_name VARCHAR(200), 
	"glob" VARCHAR(200), 
	next_run_at DATETIME NOT NULL, 
	failures INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE (name)
);
CREATE TABLE job_runs (
	id INTEGER NOT NULL, 
	job_id INTEGER NOT NULL, 
	started_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	status VARCHAR(20) NOT NULL, 
	new INTEGER NOT NULL, 
	unchanged INTEGER NOT NULL, 
	skipped INTEGER NOT NULL, 
	failed INTEGER NOT NULL, 
	error TEXT, 
	PRIMARY KEY (id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
CREATE INDEX ix_job_runs_job_id_started_at ON job_runs (job_id, started_at);
CREATE TABLE job_locks (
	job_id INTEGER NOT NULL, 
	owner VARCHAR(200) NOT NULL, 
	acquired_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	PRIMARY KEY (job_id), 
	FOREIGN KEY(job_id) REFERENCES jobs (id) ON DELETE CASCADE
);
CREATE TABLE job_entries (
	id INTEGER NOT NULL, 
	job_id INTEGER NOT NULL, 
	"key" TEXT NOT NULL, 
	key_hash VARCHAR(64) NOT NULL, 
	url VARCHAR(2000), 
	status VARCHAR(20) NOT NULL, 
	fingerprint VARCHAR(200), 
	etag VARCHAR(500), 
	last_modified VARCHAR(100), 
	document_id INTEGER, 
	author VARCHAR(500), 
	failures INTEGER NOT NULL, 
	retry_at DATETIME, 
	error TEXT, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_job_entries_job_key_hash UNIQUE (job_id, key_hash), 
	FOREIGN KEY(job_id) REFERENCES jobs (id) ON DELETE CASCADE, 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE SET NULL
);
CREATE TABLE attribution_dates (
	id INTEGER NOT NULL, 
	attribution_id INTEGER NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text VARCHAR(200) NOT NULL, 
	value VARCHAR(20) NOT NULL, 
	precision VARCHAR(10) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(attribution_id) REFERENCES attributions (id) ON DELETE CASCADE
);
CREATE INDEX ix_attribution_dates_attribution_id ON attribution_dates (attribution_id);
CREATE TABLE topics (
	id INTEGER NOT NULL, 
	name VARCHAR(300) NOT NULL, 
	"key" VARCHAR(300) NOT NULL, 
	kind VARCHAR(20) NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE VIRTUAL TABLE attributions_fts USING fts5(text, content='attributions', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER attributions_fts_delete AFTER DELETE ON attributions BEGIN INSERT INTO attributions_fts(attributions_fts, rowid, text) VALUES ('delete', old.id, old.text); END;
CREATE TRIGGER attributions_fts_update AFTER UPDATE OF text ON attributions BEGIN INSERT INTO attributions_fts(attributions_fts, rowid, text) VALUES ('delete', old.id, old.text); INSERT INTO attributions_fts(rowid, text) VALUES (new.id, new.text); END;
CREATE TABLE statements (
	id INTEGER NOT NULL, 
	speaker_id INTEGER, 
	created_at DATETIME NOT NULL, 
	first_attribution_id INTEGER, 
	first_seen DATE, 
	appearances INTEGER NOT NULL, 
	sources INTEGER NOT NULL, 
	independent_sources INTEGER NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(speaker_id) REFERENCES speakers (id) ON DELETE SET NULL, 
	FOREIGN KEY(first_attribution_id) REFERENCES attributions (id) ON DELETE SET NULL
);
CREATE INDEX ix_statements_speaker_id ON statements (speaker_id);
CREATE TABLE statement_appearances (
	attribution_id INTEGER NOT NULL, 
	statement_id INTEGER NOT NULL, 
	reason VARCHAR(200) NOT NULL, 
	score FLOAT NOT NULL, 
	PRIMARY KEY (attribution_id), 
	FOREIGN KEY(attribution_id) REFERENCES attributions (id) ON DELETE CASCADE, 
	FOREIGN KEY(statement_id) REFERENCES statements (id) ON DELETE CASCADE
);
CREATE INDEX ix_statement_appearances_statement_id ON statement_appearances (statement_id);
CREATE TABLE document_copies (
	document_id INTEGER NOT NULL, 
	copy_of_document_id INTEGER NOT NULL, 
	reason VARCHAR(200) NOT NULL, 
	PRIMARY KEY (document_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE, 
	FOREIGN KEY(copy_of_document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX ix_document_copies_copy_of_document_id ON document_copies (copy_of_document_id);
CREATE TABLE reviews (
	id INTEGER NOT NULL, 
	content_hash VARCHAR(64) NOT NULL, 
	start INTEGER NOT NULL, 
	"end" INTEGER NOT NULL, 
	text TEXT NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	original_speaker VARCHAR(300), 
	speaker VARCHAR(300), 
	reviewed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_reviews_content_span UNIQUE (content_hash, start, "end")
);
CREATE INDEX ix_reviews_status ON reviews (status);
CREATE TABLE document_signatures (
	document_id INTEGER NOT NULL, 
	shingles INTEGER NOT NULL, 
	signature BLOB NOT NULL, 
	PRIMARY KEY (document_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
);
CREATE INDEX ix_attributions_said_on_day_document_id_start_id ON attributions (said_on_day, document_id, start, id);
CREATE TABLE "statement_keys" (
	"key" BIGINT NOT NULL, 
	statement_id INTEGER NOT NULL, 
	PRIMARY KEY ("key", statement_id), 
	FOREIGN KEY(statement_id) REFERENCES statements (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ix_statement_keys_statement_id ON statement_keys (statement_id);
CREATE TABLE "document_keys" (
	"key" BIGINT NOT NULL, 
	document_id INTEGER NOT NULL, 
	PRIMARY KEY ("key", document_id), 
	FOREIGN KEY(document_id) REFERENCES documents (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ix_document_keys_document_id ON document_keys (document_id);
CREATE TABLE "attribution_topics" (
	attribution_id INTEGER NOT NULL, 
	topic_id INTEGER NOT NULL, 
	PRIMARY KEY (attribution_id, topic_id), 
	FOREIGN KEY(attribution_id) REFERENCES attributions (id) ON DELETE CASCADE, 
	FOREIGN KEY(topic_id) REFERENCES topics (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ix_attribution_topics_topic_id ON attribution_topics (topic_id);
CREATE TABLE "statement_wordings" (
	statement_id INTEGER NOT NULL, 
	text_hash BIGINT NOT NULL, 
	attribution_id INTEGER NOT NULL, 
	PRIMARY KEY (statement_id, text_hash), 
	FOREIGN KEY(statement_id) REFERENCES statements (id) ON DELETE CASCADE, 
	FOREIGN KEY(attribution_id) REFERENCES attributions (id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX ix_statement_wordings_attribution_id ON statement_wordings (attribution_id);
INSERT INTO "attributions_fts"("attributions_fts") VALUES ('rebuild');
INSERT INTO alembic_version (version_num) VALUES ('0013');
