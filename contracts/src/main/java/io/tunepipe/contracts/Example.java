package io.tunepipe.contracts;

/**
 * One question/answer pair as it travels between services.
 *
 * @param id         stable id, unique within the dataset
 * @param groupId    all rewordings of one question share it; splits never cut a group
 * @param sourceId   for a paraphrase, the id of the example it rewords; else null
 * @param sourceLine the line of the source file where the row started; for a paraphrase, its source's line
 */
public record Example(String id, String groupId, Split split, String prompt, String completion, String system,
        Origin origin, String sourceId, long sourceLine) {
}
