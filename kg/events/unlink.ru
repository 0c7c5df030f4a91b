# Retracts the instances $instances (with their figures, disputes, links and the statements'
# contradictions) and the link keys of the reports of $documents, from the events graph $events.
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>

DELETE { GRAPH $events { ?s kg:contradicts ?t } }
WHERE { VALUES ?i { $instances } GRAPH $events { ?i kg:dispute/kg:side/kg:statement ?s . ?s kg:contradicts ?t } } ;

DELETE { GRAPH $events { ?r kg:reportOf ?i } }
WHERE { VALUES ?i { $instances } GRAPH $events { ?r kg:reportOf ?i } } ;

DELETE { GRAPH $events { ?x ?p ?o } }
WHERE {
  VALUES ?i { $instances }
  GRAPH $events { ?i (kg:figure|kg:link|kg:dispute|kg:dispute/kg:side) ?x . ?x ?p ?o }
} ;

DELETE { GRAPH $events { ?i ?p ?o } }
WHERE { VALUES ?i { $instances } GRAPH $events { ?i ?p ?o } } ;

DELETE { GRAPH $events { ?r ?p ?o } }
WHERE { VALUES ?doc { $documents } GRAPH $events { ?r prov:wasDerivedFrom ?doc . ?r ?p ?o } }
