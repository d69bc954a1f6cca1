"""Sign-off both parties can prove: signatures on a content hash, agreement, verification."""
