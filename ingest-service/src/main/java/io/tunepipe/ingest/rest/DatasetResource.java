package io.tunepipe.ingest.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.Split;
import io.tunepipe.ingest.config.IngestConfig;
import io.tunepipe.ingest.pipeline.RejectedRow;
import io.tunepipe.ingest.pipeline.TextSource;
import io.tunepipe.ingest.pipeline.UnreadableFileException;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.repository.DatasetRepository;
import io.tunepipe.ingest.repository.RejectedRowRepository;
import io.tunepipe.ingest.service.IngestProgress;
import io.tunepipe.ingest.service.IngestService;
import io.tunepipe.llm.ChatJsonlWriter;
import io.tunepipe.messaging.ExampleRepository;
import io.tunepipe.rest.ProblemException;
import io.tunepipe.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Datasets over HTTP: upload a CSV, follow its ingest, page through rejected rows, download a clean split. */
@Path("/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.VIEWER)
public class DatasetResource {

    /** Longest dataset name accepted (the column holds 500). */
    static final int MAX_NAME_LENGTH = 255;

    @Inject
    IngestService ingest;
    @Inject
    IngestProgress progress;
    @Inject
    IngestConfig config;
    @Inject
    RejectedRowRepository rejectedRows;
    @Inject
    DatasetRepository stored;
    @Inject
    ExampleRepository examples;
    @Inject
    ObjectMapper json;
    @Context
    UriInfo uri;

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Upload a CSV as a multipart form (field 'file'), with an optional column mapping")
    public Response uploadForm(@RestForm("file") FileUpload file, @RestForm("name") String name,
            @RestForm("force") @DefaultValue("false") boolean force, @BeanParam MappingParams.Form mapping)
            throws IOException {
        if (file == null) {
            throw new ProblemException(400, "The form has no 'file' field holding the CSV.");
        }
        if (file.size() > config.maxUploadBytes()) {
            throw tooLarge();
        }
        String datasetName = checkedName(name != null && !name.isBlank() ? name : file.fileName());
        java.nio.file.Path spooled = ingest.spoolFile();
        Files.move(file.uploadedFile(), spooled, StandardCopyOption.REPLACE_EXISTING);
        refuseUnreadable(spooled);
        return created(ingest.submit(datasetName, Dataset.Source.UPLOAD, spooled, mapping.toMapping(), force));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Upload a CSV as the raw request body, streamed to disk; mapping in query parameters")
    public Response uploadRaw(InputStream body, @QueryParam("name") @DefaultValue("upload.csv") String name,
            @QueryParam("force") @DefaultValue("false") boolean force, @BeanParam MappingParams.Query mapping)
            throws IOException {
        checkedName(name);
        java.nio.file.Path spooled = ingest.spoolFile();
        long written = 0;
        try (OutputStream out = Files.newOutputStream(spooled)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = body.read(buffer)) > 0; ) {
                written += n;
                if (written > config.maxUploadBytes()) {
                    out.close();
                    Files.deleteIfExists(spooled);
                    throw tooLarge();
                }
                out.write(buffer, 0, n);
            }
        }
        refuseUnreadable(spooled);
        return created(ingest.submit(name, Dataset.Source.UPLOAD, spooled, mapping.toMapping(), force));
    }

    @GET
    @Transactional
    @Operation(summary = "List datasets, newest first")
    public List<DatasetView> list(@QueryParam("limit") @DefaultValue("100") int limit) {
        List<Dataset> datasets = stored.newest(Math.max(1, Math.min(limit, 1000)));
        return datasets.stream().map(d -> view(d, false)).toList();
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "One dataset with its status and counts")
    public DatasetView get(@PathParam("id") String id) {
        return view(find(id), false);
    }

    /** A page of rejected rows. */
    public record RejectedPage(String datasetId, long total, int page, int size, List<RejectedRow> rows) {
    }

    @GET
    @Path("/{id}/rejected")
    @Transactional
    @Operation(summary = "Page through the rows that were rejected, with line number and reason")
    public RejectedPage rejected(@PathParam("id") String id, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        Dataset d = find(id);
        if (page < 0 || size < 1 || size > 1000) {
            throw new ProblemException(400, "page must be >= 0 and size between 1 and 1000.");
        }
        return new RejectedPage(id, d.rejectedCount, page, size, rejectedRows.page(id, page, size));
    }

    @GET
    @Path("/{id}/splits/{split}")
    @Produces("application/jsonl")
    @Operation(summary = "Download one cleaned split as JSONL in OpenAI chat format")
    public Response split(@PathParam("id") String id, @PathParam("split") String splitName) {
        Dataset d = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> stored.findById(id));
        if (d == null) {
            throw notFound(id);
        }
        Split split;
        try {
            split = Split.valueOf(splitName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProblemException(400, "Unknown split '" + splitName
                    + "': use train, validation or test.");
        }
        if (d.status != Dataset.Status.INGESTED) {
            throw new ProblemException(409, "Dataset " + id + " is " + d.status + ", not ingested.");
        }
        StreamingOutput body = out -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            ChatJsonlWriter jsonl = new ChatJsonlWriter(writer, null);
            examples.forEach(id, split, e -> jsonl.write(e.system(), e.prompt(), e.completion()));
            writer.flush();
        };
        return Response.ok(body).header("Content-Disposition",
                "attachment; filename=\"" + id + "-" + split.name().toLowerCase(Locale.ROOT) + ".jsonl\"").build();
    }

    /** Refuses at once, and forgets, a body judged by its first bytes: empty (400) or plainly binary (415). */
    private static void refuseUnreadable(java.nio.file.Path spooled) throws IOException {
        if (Files.size(spooled) == 0) {
            Files.delete(spooled);
            throw new ProblemException(400, "The body is empty: send the CSV as the request body or as the form's"
                    + " 'file' field.");
        }
        try {
            TextSource.requireText(spooled);
        } catch (UnreadableFileException e) {
            Files.delete(spooled);
            throw new ProblemException(415, e.getMessage());
        }
    }

    private Response created(IngestService.Submission submission) {
        DatasetView view = view(submission.dataset(), submission.duplicate());
        var location = uri.getBaseUriBuilder().path("datasets").path(view.id()).build();
        return Response.status(submission.duplicate() ? Response.Status.OK : Response.Status.CREATED)
                .location(location).entity(view).build();
    }

    private DatasetView view(Dataset d, boolean duplicate) {
        Map<String, Long> byReason = Map.of();
        if (d.rejectedByReason != null) {
            try {
                byReason = json.readValue(d.rejectedByReason, new TypeReference<Map<String, Long>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        var soFar = progress.rowsSoFar(d.id);
        return DatasetView.of(d, byReason, soFar.isPresent() ? soFar.getAsLong() : null, duplicate);
    }

    private Dataset find(String id) {
        Dataset d = stored.findById(id);
        if (d == null) {
            throw notFound(id);
        }
        return d;
    }

    private static String checkedName(String name) {
        if (name != null && name.length() > MAX_NAME_LENGTH) {
            throw new ProblemException(400, "The dataset name has " + name.length() + " characters; at most "
                    + MAX_NAME_LENGTH + " are allowed.");
        }
        return name;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "No dataset with id " + id + ".");
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "The file is larger than the limit of "
                + config.maxUploadBytes() + " bytes (tunepipe.ingest.max-upload-bytes).");
    }
}
