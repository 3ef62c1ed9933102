use sea_orm_migration::prelude::*;

use crate::columns::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    AuthorId,
    Title,
    OrigUrl,
    Content,
    Excerpt,
    CanComment,
    LikeCount,
    CollectCount,
    CommentCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Tags {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PostTags {
    Table,
    Id,
    PostId,
    TagId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    AuthorId,
    TargetId,
    TargetKind,
    RefId,
    RootId,
    Content,
    LikeCount,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        manager
            .create_table(
                table(Posts::Table, manager.get_database_backend())
                    .col(id(Posts::Id))
                    .col(big_int(Posts::AuthorId))
                    .col(varchar(Posts::Title, 128))
                    .col(varchar_null(Posts::OrigUrl, 255))
                    .col(long_text(Posts::Content, backend))
                    .col(varchar_default(Posts::Excerpt, 300))
                    .col(flag(Posts::CanComment, true))
                    .col(counter(Posts::LikeCount))
                    .col(counter(Posts::CollectCount))
                    .col(counter(Posts::CommentCount))
                    .col(timestamp(Posts::CreatedAt))
                    .col(timestamp(Posts::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_posts_author_id")
                    .table(Posts::Table)
                    .col(Posts::AuthorId)
                    .col(Posts::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table(Tags::Table, manager.get_database_backend())
                    .col(id(Tags::Id))
                    .col(varchar(Tags::Name, 32))
                    .col(timestamp(Tags::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_tags_name")
                    .table(Tags::Table)
                    .col(Tags::Name)
                    .unique()
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table(PostTags::Table, manager.get_database_backend())
                    .col(id(PostTags::Id))
                    .col(big_int(PostTags::PostId))
                    .col(big_int(PostTags::TagId))
                    .col(timestamp(PostTags::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("uq_post_tags_post_tag")
                    .table(PostTags::Table)
                    .col(PostTags::PostId)
                    .col(PostTags::TagId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_post_tags_tag_post")
                    .table(PostTags::Table)
                    .col(PostTags::TagId)
                    .col(PostTags::PostId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                table(Comments::Table, manager.get_database_backend())
                    .col(id(Comments::Id))
                    .col(big_int(Comments::AuthorId))
                    .col(big_int(Comments::TargetId))
                    .col(small_int(Comments::TargetKind))
                    .col(
                        ColumnDef::new(Comments::RefId)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(
                        ColumnDef::new(Comments::RootId)
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .col(long_text(Comments::Content, backend))
                    .col(counter(Comments::LikeCount))
                    .col(timestamp(Comments::CreatedAt))
                    .col(timestamp(Comments::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_comments_target")
                    .table(Comments::Table)
                    .col(Comments::TargetId)
                    .col(Comments::TargetKind)
                    .col(Comments::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("idx_comments_root_id")
                    .table(Comments::Table)
                    .col(Comments::RootId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Comments::Table.into_iden(),
            PostTags::Table.into_iden(),
            Tags::Table.into_iden(),
            Posts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
