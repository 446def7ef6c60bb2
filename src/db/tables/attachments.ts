// Files attached to records of any module (report evidence, inquiry replies, petition material).
export interface AttachmentTable {
  id: string;
  org_id: string; // the owning record's organization (scope)
  owner_type: string; // e.g. "ledger_report", "inquiry_reply", "petition"
  owner_id: string;
  key_id: string; // the record_keys row the content is sealed with (shredding it shreds the file)
  filename: string;
  mime: string;
  size_bytes: number;
  content_hash: string; // SM3 (or SHA-256) of the plaintext, hex
  content_enc: string; // sealed base64 of the bytes
  created_by: string | null;
  created_at: string;
}
