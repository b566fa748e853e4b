package io.cardledger.projection.rebuild;

import io.cardledger.support.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Analyst-only (the bearer filter guards {@code /api/v1/analyst/**}): start and follow rebuilds. */
@RestController
@RequestMapping("/api/v1/analyst/rebuilds")
@Tag(name = "Rebuilds", description = "Rebuild every read model from the ledger's events, switching over when caught up")
class RebuildController {
    private final RebuildService rebuilds;

    RebuildController(RebuildService rebuilds) {
        this.rebuilds = rebuilds;
    }

    @PostMapping
    @Operation(summary = "Start a rebuild; 202 with its status URL, 409 while one runs")
    ResponseEntity<RebuildStatus> start() {
        RebuildStatus started = rebuilds.start();
        return ResponseEntity.accepted().location(URI.create("/api/v1/analyst/rebuilds/" + started.id())).body(started);
    }

    @GetMapping("/latest")
    @Operation(summary = "The most recent rebuild started by this instance")
    ResponseEntity<?> latest() {
        return rebuilds.latest().<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(Problems.of(HttpStatus.NOT_FOUND, "rebuild-not-found", "No rebuild yet",
                        "This instance has not run a rebuild since it started.")));
    }

    @GetMapping("/{id}")
    @Operation(summary = "A rebuild's phase, progress and events/s")
    ResponseEntity<?> status(@PathVariable String id) {
        return rebuilds.status(id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> problem(Problems.of(HttpStatus.NOT_FOUND, "rebuild-not-found", "Rebuild not found",
                        "No rebuild " + id + " was started by this instance since it started.")));
    }

    @ExceptionHandler(RebuildAlreadyRunningException.class)
    ResponseEntity<ProblemDetail> running(RebuildAlreadyRunningException e) {
        return problem(Problems.of(HttpStatus.CONFLICT, "rebuild-running", "A rebuild is already running", e.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail p) {
        return ResponseEntity.status(p.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(p);
    }
}
