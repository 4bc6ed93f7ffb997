"""OCOP certificates: star ratings decided by the authorities, their validity and verification."""
