"""Browser upload for editors: files → preview (correctable header) → one transaction each."""
