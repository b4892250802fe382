SELECT run_id, instance_id, node, request, debug, takeover FROM __schema__.claim_run($1, $2, $3)
