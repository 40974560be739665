// Unit tests read responses, not log lines; the one test about logs turns them back on itself.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
