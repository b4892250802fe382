SELECT run_id, instance_id, node, request, debug, takeover, trace_parent, waited_seconds FROM __schema__.claim_run($1, $2, $3)
