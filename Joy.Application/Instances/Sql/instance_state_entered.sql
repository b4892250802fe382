UPDATE __schema__.instances
   SET current_states = array_append(array_remove(current_states, $2), $2)
 WHERE id = $1
