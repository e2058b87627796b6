-- An agreement's signed document: a file of the material file store
-- (api/files.h), described by the same four columns as a material's and
-- set only by the file door (PUT /api/v1/agreements/{id}/file).
ALTER TABLE agreements ADD COLUMN file_sha256 TEXT
  CHECK (file_sha256 IS NULL OR length(file_sha256) = 64);
ALTER TABLE agreements ADD COLUMN file_type TEXT;
ALTER TABLE agreements ADD COLUMN file_name TEXT;
ALTER TABLE agreements ADD COLUMN file_size INTEGER CHECK (file_size IS NULL OR file_size > 0)
  CHECK ((file_size IS NULL) = (file_sha256 IS NULL));
CREATE INDEX agreements_file ON agreements(file_sha256) WHERE file_sha256 IS NOT NULL;
