package io.tunepipe.training.provider.azure;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Azure Resource Manager's deployments of a Cognitive Services account (Azure OpenAI resource). */
@Produces(MediaType.APPLICATION_JSON)
@Path("/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.CognitiveServices/accounts/{account}"
        + "/deployments/{deployment}")
public interface AzureDeploymentsApi {

    @GET
    Deployment get(@PathParam("subscription") String subscription, @PathParam("group") String group,
            @PathParam("account") String account, @PathParam("deployment") String deployment,
            @QueryParam("api-version") String apiVersion);

    /** Creates or replaces the deployment; Azure answers at once with provisioningState Creating or Updating. */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    Deployment put(@PathParam("subscription") String subscription, @PathParam("group") String group,
            @PathParam("account") String account, @PathParam("deployment") String deployment,
            @QueryParam("api-version") String apiVersion, Deployment body);

    /** A deployment: its SKU and the model it serves. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Deployment(String name, Sku sku, Properties properties) {
    }

    /** The deployment type and its capacity. */
    record Sku(String name, Integer capacity) {
    }

    /** The model and, in answers, how far Azure got (Creating, Updating, Succeeded, Failed...). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Properties(Model model, String provisioningState) {
    }

    /** A fine-tuned model is deployed with format OpenAI, its fine_tuned_model as name and version 1. */
    record Model(String format, String name, String version) {
    }
}
