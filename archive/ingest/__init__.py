"""The ingest pipeline: read → normalise → header → segment → metrics → classify → load.

Every stage but load is a pure function; archive.ingest.pipeline.parse_file chains them.
"""
